import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { MeterValues } from './MeterValues.js';
import { TransactionEvent } from './TransactionEvent.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  await kit.connect('MV2-A', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const samples = () => kit.database.db.selectFrom('meter_samples').selectAll().where('station_id', '=', 'MV2-A').orderBy('evse_id').orderBy('measurand').execute();

describe('2.0.1 MeterValues', () => {
  it('ties samples to the EVSE\'s running session only, applying unit multipliers', async () => {
    await TransactionEvent(kit.context('MV2-A'), {
      eventType: 'Started', seqNo: 0, timestamp: '2026-01-01T00:00:00Z', triggerReason: 'CablePluggedIn', evse: { id: 1, connectorId: 2 },
      transactionInfo: { transactionId: 'tx-a' }, meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: 1_000 }] }],
    });
    const session = await kit.database.db.selectFrom('sessions').selectAll().where('transaction_ref', '=', 'tx-a').executeTakeFirstOrThrow();
    await MeterValues(kit.context('MV2-A'), { evseId: 1, meterValue: [{ timestamp: '2026-01-01T00:05:00Z', sampledValue: [{ value: 1.75, unitOfMeasure: { unit: 'kWh' } }, { value: 7.4, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } }] }] });
    await MeterValues(kit.context('MV2-A'), { evseId: 2, meterValue: [{ timestamp: '2026-01-01T00:05:00Z', sampledValue: [{ value: 333 }] }] });
    await MeterValues(kit.context('MV2-A'), { evseId: 0, meterValue: [{ timestamp: '2026-01-01T00:05:00Z', sampledValue: [{ value: 9_999_999 }] }] });
    const rows = (await samples()).filter((r) => r.at.toISOString() === '2026-01-01T00:05:00.000Z');
    expect(rows.map((r) => [r.evse_id, r.connector_id, r.session_id, r.measurand, r.value])).toEqual([
      [0, 0, null, 'Energy.Active.Import.Register', 9_999_999],
      [1, 2, session.id, 'Energy.Active.Import.Register', 1_750],
      [1, 2, session.id, 'Power.Active.Import', 7_400],
      [2, 0, null, 'Energy.Active.Import.Register', 333],
    ]);
    expect(await kit.sessions.get(session.id)).toMatchObject({ energyWh: 750, powerW: 7_400 });
    await kit.sessions.flush(); // as at shutdown: the stored checkpoint catches up
    expect(await kit.database.db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow()).toMatchObject({ energy_wh: 750, power_w: 7_400 });
  });
});
