import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { MeterValues } from './MeterValues.js';
import { StartTransaction } from './StartTransaction.js';
import { StopTransaction } from './StopTransaction.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  for (const id of ['SP-A', 'SP-B', 'SP-C', 'SP-D', 'SP-E']) await kit.connect(id, '1.6');
});
afterAll(async () => {
  await kit.close();
});

const db = () => kit.database.db;
const session = (id: number) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const sampleCount = async (sessionId: number) => Number((await db().selectFrom('meter_samples').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()).n);
const start = async (stationId: string, meterStart: number) =>
  (await StartTransaction(kit.context(stationId), { connectorId: 1, idTag: 'TAG-1', meterStart, timestamp: '2026-01-01T00:00:00Z' })).transactionId;

describe('1.6 StopTransaction', () => {
  it('closes the session: energy is meterStop - meterStart, transactionData stored, stopped event published', async () => {
    const id = await start('SP-A', 10_000);
    const res = await StopTransaction(kit.context('SP-A'), {
      transactionId: id, meterStop: 22_500, timestamp: '2026-01-01T01:00:00Z', idTag: 'TAG-1',
      transactionData: [
        { timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: '10000', context: 'Transaction.Begin' }] },
        { timestamp: '2026-01-01T01:00:00Z', sampledValue: [{ value: '22.5', unit: 'kWh', context: 'Transaction.End' }] },
      ],
    });
    expect(res).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await session(id)).toMatchObject({ state: 'completed', meter_stop_wh: 22_500, energy_wh: 12_500, stop_reason: 'Local' });
    expect(await sampleCount(id)).toBe(2);
    const stopped = kit.events.filter((e) => e.type === 'session.stopped' && e.sessionId === id);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.id).toBeDefined();
    expect(stopped[0]!.data).toMatchObject({ energyWh: 12_500, stopReason: 'Local' });
  });

  it('answers a repeated stop the same way and changes nothing', async () => {
    const id = await start('SP-B', 0);
    const stop = { transactionId: id, meterStop: 3_000, timestamp: '2026-01-01T00:30:00Z', reason: 'EVDisconnected' as const, transactionData: [{ timestamp: '2026-01-01T00:30:00Z', sampledValue: [{ value: '3000' }] }] };
    const first = await StopTransaction(kit.context('SP-B'), stop);
    const before = await session(id);
    const events = kit.events.length;
    const again = await StopTransaction(kit.context('SP-B'), { ...stop, meterStop: 9_999 });
    expect(again).toEqual(first);
    expect(await session(id)).toEqual(before);
    expect(before).toMatchObject({ energy_wh: 3_000, stop_reason: 'EVDisconnected' });
    expect(kit.events.length).toBe(events);
    expect(await sampleCount(id)).toBe(1);
  });

  it('keeps a stop for an unknown transaction as an orphan, once, and answers Accepted', async () => {
    const stop = { transactionId: 987_654, meterStop: 100, timestamp: '2026-01-01T00:30:00Z' };
    expect(await StopTransaction(kit.context('SP-C'), stop)).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect(await StopTransaction(kit.context('SP-C'), stop)).toEqual({ idTagInfo: { status: 'Accepted' } });
    const orphans = await db().selectFrom('orphan_messages').selectAll().where('station_id', '=', 'SP-C').execute();
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatchObject({ action: 'StopTransaction', transaction_ref: '987654', payload: stop });
  });

  it('does not stop another station\'s transaction with the same id', async () => {
    const id = await start('SP-D', 0);
    await StopTransaction(kit.context('SP-E'), { transactionId: id, meterStop: 100, timestamp: '2026-01-01T00:30:00Z' });
    expect((await session(id)).state).toBe('active');
  });

  it('does not bill the lifetime register when an offline start reported meterStart 0', async () => {
    const id = await start('SP-E', 0);
    kit.clock.advance(60_000);
    await MeterValues(kit.context('SP-E'), { connectorId: 1, transactionId: id, meterValue: [{ timestamp: '2026-01-01T00:01:00Z', sampledValue: [{ value: '4512000' }] }] });
    await StopTransaction(kit.context('SP-E'), { transactionId: id, meterStop: 4_530_000, timestamp: '2026-01-01T01:00:00Z' });
    expect(await session(id)).toMatchObject({ energy_wh: 18_000, meter_start_wh: 4_512_000, anomaly: 'meter_start_lifetime' });
  });

  it('never produces negative energy when the meter was reset mid-session', async () => {
    const id = await start('SP-A', 50_000);
    await StopTransaction(kit.context('SP-A'), {
      transactionId: id, meterStop: 800, timestamp: '2026-01-01T01:00:00Z',
      transactionData: [
        { timestamp: '2026-01-01T00:20:00Z', sampledValue: [{ value: '52000' }] },
        { timestamp: '2026-01-01T00:40:00Z', sampledValue: [{ value: '300' }] },
      ],
    });
    expect((await session(id)).energy_wh).toBe(2_000 + 500);
  });
});
