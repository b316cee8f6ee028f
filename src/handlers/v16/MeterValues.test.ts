import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../bus/bus.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { MeterValues } from './MeterValues.js';
import { StartTransaction } from './StartTransaction.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  for (const id of ['MV-A', 'MV-B', 'MV-C']) await kit.connect(id, '1.6');
});
afterAll(async () => {
  await kit.close();
});

const db = () => kit.database.db;
/** The stored session, once running sessions' progress checkpoints are written (as at shutdown). */
const session = async (id: number) => {
  await kit.sessions.flush();
  return db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
};
const samplesOf = (stationId: string) => db().selectFrom('meter_samples').selectAll().where('station_id', '=', stationId).orderBy('at').orderBy('evse_id', 'desc').orderBy('measurand').execute();
const lastSampleEvent = (stationId: string): DomainEvent | undefined => kit.events.filter((e) => e.type === 'meter.sample' && e.stationId === stationId).at(-1);
const start = async (stationId: string, connectorId: number, meterStart: number) =>
  (await StartTransaction(kit.context(stationId), { connectorId, idTag: 'TAG', meterStart, timestamp: '2026-01-01T00:00:00Z' })).transactionId;

describe('1.6 MeterValues', () => {
  it('stores every sampled value, scaled, and moves the session\'s progress', async () => {
    const id = await start('MV-A', 1, 1_000);
    kit.clock.advance(5_000);
    await MeterValues(kit.context('MV-A'), {
      connectorId: 1, transactionId: id,
      meterValue: [{ timestamp: '2026-01-01T00:10:00Z', sampledValue: [
        { value: '2.5', unit: 'kWh', context: 'Sample.Periodic' },
        { value: '11', measurand: 'Power.Active.Import', unit: 'kW' },
        { value: '16.1', measurand: 'Current.Import', phase: 'L1', unit: 'A' },
        { value: '48', measurand: 'SoC', location: 'EV', unit: 'Percent' },
        { value: 'c2lnbmVk', format: 'SignedData' },
      ] }],
    });
    const rows = await samplesOf('MV-A');
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.session_id === id && r.evse_id === 1 && r.connector_id === 1)).toBe(true);
    expect(rows.every((r) => r.recorded_at.getTime() === kit.clock.nowMs())).toBe(true);
    expect(rows.find((r) => r.measurand === 'Power.Active.Import')).toMatchObject({ value: 11_000, unit: 'W', raw: '11 kW' });
    expect(rows.filter((r) => r.measurand === 'Energy.Active.Import.Register').map((r) => [r.value, r.raw])).toEqual(expect.arrayContaining([[2_500, '2.5 kWh'], [null, 'c2lnbmVk']]));
    expect(await session(id)).toMatchObject({ energy_wh: 1_500, last_register_wh: 2_500, power_w: 11_000, soc: 48 });
    expect((await session(id)).last_sample_at?.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(lastSampleEvent('MV-A')?.data).toEqual({ stationId: 'MV-A', sessionId: id, evseId: 1, connectorId: 1, powerW: 11_000, energyWh: 1_500, soc: 48, registerWh: 2_500, offeredW: null, at: '2026-01-01T00:10:00.000Z' });
    const outbox = await db().selectFrom('events').select('type').where('type', '=', 'meter.sample').execute();
    expect(outbox).toHaveLength(0);
  });

  it('keeps the total when a message carries no energy, and never lets it drop', async () => {
    const id = await start('MV-B', 1, 0);
    const mv = (t: string, sampledValue: { value: string; measurand?: 'Power.Active.Import' }[]) => MeterValues(kit.context('MV-B'), { connectorId: 1, transactionId: id, meterValue: [{ timestamp: t, sampledValue }] });
    await mv('2026-01-01T00:05:00Z', [{ value: '1000' }]);
    await mv('2026-01-01T00:06:00Z', [{ value: '7000', measurand: 'Power.Active.Import' }]);
    expect((await session(id)).energy_wh).toBe(1_000);
    await mv('2026-01-01T00:07:00Z', [{ value: '400' }]);
    await mv('2026-01-01T00:08:00Z', [{ value: '900' }]);
    expect((await session(id)).energy_wh).toBe(1_500);
  });

  it('ties values without a transactionId to the connector\'s running session, and connector 0 to none', async () => {
    const id = await start('MV-C', 2, 100);
    await MeterValues(kit.context('MV-C'), { connectorId: 2, meterValue: [{ timestamp: '2026-01-01T00:05:00Z', sampledValue: [{ value: '600' }] }] });
    await MeterValues(kit.context('MV-C'), { connectorId: 0, meterValue: [{ timestamp: '2026-01-01T00:05:00Z', sampledValue: [{ value: '99999' }] }] });
    await MeterValues(kit.context('MV-C'), { connectorId: 2, transactionId: 424_242, meterValue: [{ timestamp: '2026-01-01T00:06:00Z', sampledValue: [{ value: '700' }] }] });
    const rows = await samplesOf('MV-C');
    expect(rows.map((r) => [r.evse_id, r.connector_id, r.session_id, r.value])).toEqual([[2, 1, id, 600], [0, 0, null, 99_999], [2, 1, null, 700]]);
    expect((await session(id)).energy_wh).toBe(500);
    expect(lastSampleEvent('MV-C')?.data).toMatchObject({ sessionId: null, registerWh: 700 });
  });
});
