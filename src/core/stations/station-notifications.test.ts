import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('NT-1', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const notes = (kind: string) => kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'NT-1').where('kind', '=', kind).selectAll().orderBy('id').execute();

describe('station notifications', () => {
  it('stores each notification with its event, published after commit', async () => {
    await kit.stations.firmwareStatus('NT-1', { status: 'Downloading', requestId: 4 });
    await kit.stations.logStatus('NT-1', { status: 'Uploaded', requestId: 9 });
    await kit.stations.diagnosticsStatus('NT-1', { status: 'UploadFailed' });
    await kit.stations.securityEvent('NT-1', { type: 'InvalidFirmwareSignature', timestamp: new Date('2025-12-31T23:00:00Z'), techInfo: 'bad sig' });
    expect((await notes('firmware'))[0]).toMatchObject({ status: 'Downloading', detail: { requestId: 4, signed: false } });
    expect((await notes('log'))[0]).toMatchObject({ status: 'Uploaded', detail: { requestId: 9 } });
    expect((await notes('diagnostics'))[0]?.status).toBe('UploadFailed');
    expect((await notes('security'))[0]).toMatchObject({ status: 'InvalidFirmwareSignature', at: new Date('2025-12-31T23:00:00Z') });
    const types = kit.events.filter((e) => e.stationId === 'NT-1').map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['station.firmware', 'station.log', 'station.diagnostics', 'station.security']));
    const security = kit.events.find((e) => e.type === 'station.security');
    expect(security?.id).toBeDefined();
    expect(security?.data).toMatchObject({ status: 'InvalidFirmwareSignature', techInfo: 'bad sig' });
  });

  it('answers data transfers by vendor id and records them either way', async () => {
    expect(await kit.stations.dataTransfer('NT-1', { vendorId: 'chargewatch', messageId: 'ping', data: '1' })).toEqual({ status: 'Accepted' });
    expect(await kit.stations.dataTransfer('NT-1', { vendorId: 'acme', data: { a: 1 } })).toEqual({ status: 'UnknownVendorId' });
    expect((await notes('data-transfer')).map((n) => [n.status, n.detail])).toEqual([
      ['Accepted', { vendorId: 'chargewatch', messageId: 'ping', data: '1' }],
      ['UnknownVendorId', { vendorId: 'acme', messageId: null, data: { a: 1 } }],
    ]);
  });

  it('keeps the latest reported value of each variable attribute', async () => {
    const report = (seqNo: number, value: string) => kit.stations.report('NT-1', {
      requestId: 1, generatedAt: kit.clock.now(), seqNo, tbc: seqNo === 0,
      variables: [
        { component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value, mutability: 'ReadWrite' },
        { component: 'EVSE', evseId: 1, variable: 'Power', attributeType: 'MaxSet', value: '22000', mutability: 'ReadOnly' },
      ],
    });
    await report(0, '300');
    await report(1, '60');
    const vars = await kit.database.db.selectFrom('station_variables').where('station_id', '=', 'NT-1').selectAll().orderBy('component').execute();
    expect(vars.map((v) => [v.component, v.evse_id, v.variable, v.attribute_type, v.value])).toEqual([
      ['EVSE', 1, 'Power', 'MaxSet', '22000'],
      ['OCPPCommCtrlr', 0, 'HeartbeatInterval', 'Actual', '60'],
    ]);
    expect(await notes('report')).toHaveLength(2);
    expect(kit.events.filter((e) => e.type === 'station.report')).toHaveLength(2);
  });
});
