import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { NotifyReport } from './NotifyReport.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-R', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 NotifyReport', () => {
  it('stores one variable row per reported attribute', async () => {
    const answer = await kit.handle('2.0.1', 'NotifyReport', NotifyReport, 'CS-R', {
      requestId: 5,
      generatedAt: '2025-12-31T23:00:00Z',
      seqNo: 0,
      tbc: false,
      reportData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ type: 'Actual', value: '300', mutability: 'ReadWrite' }] },
        {
          component: { name: 'EVSE', evse: { id: 2 } },
          variable: { name: 'Power' },
          variableAttribute: [{ type: 'Actual', value: '0', mutability: 'ReadOnly' }, { type: 'MaxSet', value: '22000' }],
          variableCharacteristics: { dataType: 'decimal', supportsMonitoring: true, unit: 'W' },
        },
      ],
    });
    expect(answer).toEqual({});
    const vars = await kit.database.db.selectFrom('station_variables').where('station_id', '=', 'CS-R')
      .select(['component', 'evse_id', 'variable', 'attribute_type', 'value', 'mutability']).orderBy('component').orderBy('attribute_type').execute();
    expect(vars).toEqual([
      { component: 'EVSE', evse_id: 2, variable: 'Power', attribute_type: 'Actual', value: '0', mutability: 'ReadOnly' },
      { component: 'EVSE', evse_id: 2, variable: 'Power', attribute_type: 'MaxSet', value: '22000', mutability: null },
      { component: 'OCPPCommCtrlr', evse_id: 0, variable: 'HeartbeatInterval', attribute_type: 'Actual', value: '300', mutability: 'ReadWrite' },
    ]);
    expect(kit.events.find((e) => e.type === 'station.report')?.data).toMatchObject({ requestId: 5, variables: 3 });
  });

  it('accepts a report without reportData', async () => {
    expect(await kit.handle('2.0.1', 'NotifyReport', NotifyReport, 'CS-R', { requestId: 6, generatedAt: '2025-12-31T23:00:00Z', seqNo: 0 })).toEqual({});
  });
});
