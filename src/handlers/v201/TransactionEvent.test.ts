import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V201Request, V201Response } from '../../ocpp/index.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { TransactionEvent } from './TransactionEvent.js';

type Request = V201Request<'TransactionEvent'>;

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
  await kit.tokens.add({ token: 'DRIVER-1', type: 'ISO14443', groupId: 'FLEET-7' });
  for (const id of ['TE-A', 'TE-B', 'TE-C', 'TE-D', 'TE-E']) await kit.connect(id, '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const db = () => kit.database.db;
const byRef = (stationId: string, ref: string) => db().selectFrom('sessions').selectAll().where('station_id', '=', stationId).where('transaction_ref', '=', ref).executeTakeFirstOrThrow();
const sampleCount = async (sessionId: number) => Number((await db().selectFrom('meter_samples').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()).n);
const register = (t: string, wh: number, context?: 'Transaction.Begin' | 'Transaction.End' | 'Sample.Periodic') => ({ timestamp: t, sampledValue: [{ value: wh, ...(context ? { context } : {}) }] as [{ value: number }] });

function event(stationId: string, transactionId: string, eventType: Request['eventType'], seqNo: number, timestamp: string, extra: Partial<Request> = {}): Promise<V201Response<'TransactionEvent'>> {
  return TransactionEvent(kit.context(stationId), {
    eventType, seqNo, timestamp, triggerReason: eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'EVDeparted' : 'MeterValuePeriodic',
    ...extra, transactionInfo: { transactionId, ...extra.transactionInfo },
  });
}

describe('2.0.1 TransactionEvent', () => {
  it('runs a whole transaction: Started, Updated, Ended', async () => {
    const started = await event('TE-A', 'tx-1', 'Started', 0, '2026-01-01T00:00:00Z', {
      evse: { id: 2, connectorId: 1 }, idToken: { idToken: 'DRIVER-1', type: 'ISO14443' },
      transactionInfo: { transactionId: 'tx-1', remoteStartId: 77, chargingState: 'EVConnected' },
      meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: 12.0, unitOfMeasure: { unit: 'kWh' }, context: 'Transaction.Begin' }] }],
    });
    expect(started).toEqual({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET-7', type: 'Central' } } });
    let row = await byRef('TE-A', 'tx-1');
    expect(row).toMatchObject({ protocol: '2.0.1', evse_id: 2, connector_id: 1, id_token: 'DRIVER-1', id_token_type: 'ISO14443', auth_status: 'Accepted', remote_start_id: 77, meter_start_wh: 12_000, seq_no: 0, state: 'active', charging_state: 'EVConnected' });

    const updated = await event('TE-A', 'tx-1', 'Updated', 1, '2026-01-01T00:10:00Z', {
      transactionInfo: { transactionId: 'tx-1', chargingState: 'Charging' },
      meterValue: [{ timestamp: '2026-01-01T00:10:00Z', sampledValue: [{ value: 13_500 }, { value: 9_000, measurand: 'Power.Active.Import' }] }],
    });
    expect(updated).toEqual({});
    row = await byRef('TE-A', 'tx-1');
    expect(row).toMatchObject({ energy_wh: 1_500, power_w: 9_000, charging_state: 'Charging', seq_no: 1 });
    expect(kit.events.filter((e) => e.type === 'session.updated' && e.sessionId === row.id).map((e) => e.data.chargingState)).toEqual(['Charging']);

    await event('TE-A', 'tx-1', 'Ended', 2, '2026-01-01T00:30:00Z', {
      transactionInfo: { transactionId: 'tx-1', stoppedReason: 'EVDisconnected' },
      meterValue: [register('2026-01-01T00:30:00Z', 20_000, 'Transaction.End')],
    });
    row = await byRef('TE-A', 'tx-1');
    expect(row).toMatchObject({ state: 'completed', stop_reason: 'EVDisconnected', meter_stop_wh: 20_000, energy_wh: 8_000, seq_no: 2 });
    expect(row.stopped_at?.toISOString()).toBe('2026-01-01T00:30:00.000Z');
    expect(await sampleCount(row.id)).toBe(4);
    expect(kit.events.filter((e) => e.sessionId === row.id && e.type.startsWith('session.')).map((e) => e.type)).toEqual(['session.started', 'session.updated', 'session.stopped']);
  });

  it('applies each seqNo once: repeats change nothing', async () => {
    const go = () => [
      () => event('TE-B', 'tx-2', 'Started', 0, '2026-01-01T00:00:00Z', { evse: { id: 1 }, meterValue: [register('2026-01-01T00:00:00Z', 100, 'Transaction.Begin')] }),
      () => event('TE-B', 'tx-2', 'Updated', 1, '2026-01-01T00:05:00Z', { meterValue: [register('2026-01-01T00:05:00Z', 400)] }),
      () => event('TE-B', 'tx-2', 'Ended', 2, '2026-01-01T00:10:00Z', { meterValue: [register('2026-01-01T00:10:00Z', 900)] }),
    ];
    for (const step of go()) {
      await step();
      await step();
    }
    const row = await byRef('TE-B', 'tx-2');
    expect(row).toMatchObject({ state: 'completed', energy_wh: 800 });
    const before = kit.events.length;
    for (const step of go()) await step();
    expect(kit.events.length).toBe(before);
    expect(await sampleCount(row.id)).toBe(3);
    expect(await byRef('TE-B', 'tx-2')).toEqual(row);
  });

  it('creates the session from an Updated that arrives before its Started, then completes it from the late Started', async () => {
    await event('TE-C', 'tx-3', 'Updated', 1, '2026-01-01T00:10:00Z', { evse: { id: 1 }, meterValue: [register('2026-01-01T00:10:00Z', 5_000)] });
    let row = await byRef('TE-C', 'tx-3');
    expect(row).toMatchObject({ state: 'active', energy_wh: 0, anomaly: 'missing_start' });
    expect(row.started_at.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    await event('TE-C', 'tx-3', 'Started', 0, '2026-01-01T00:00:00Z', {
      evse: { id: 1 }, idToken: { idToken: 'DRIVER-1', type: 'ISO14443' }, transactionInfo: { transactionId: 'tx-3', remoteStartId: 5 },
      meterValue: [register('2026-01-01T00:00:00Z', 3_000, 'Transaction.Begin')],
    });
    row = await byRef('TE-C', 'tx-3');
    expect(row).toMatchObject({ state: 'active', energy_wh: 2_000, meter_start_wh: 3_000, id_token: 'DRIVER-1', remote_start_id: 5, anomaly: null });
    expect(row.started_at.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    await event('TE-C', 'tx-3', 'Updated', 2, '2026-01-01T00:20:00Z', { meterValue: [register('2026-01-01T00:20:00Z', 6_000)] });
    // A plain meter value moves the tracked progress; the row keeps its checkpoint until one is due.
    expect((await kit.sessions.get(row.id)).energyWh).toBe(3_000);
  });

  it('records an Ended for an unknown transaction as a completed offline session', async () => {
    const res = await event('TE-D', 'tx-offline', 'Ended', 7, '2026-01-01T03:00:00Z', {
      evse: { id: 1 }, idToken: { idToken: 'STRANGER', type: 'ISO14443' }, offline: true,
      transactionInfo: { transactionId: 'tx-offline', stoppedReason: 'Local' },
      meterValue: [register('2026-01-01T01:00:00Z', 40_000, 'Transaction.Begin'), register('2026-01-01T03:00:00Z', 52_000, 'Transaction.End')],
    });
    expect(res).toEqual({ idTokenInfo: { status: 'Unknown' } });
    const row = await byRef('TE-D', 'tx-offline');
    expect(row).toMatchObject({ state: 'completed', offline: true, energy_wh: 12_000, meter_start_wh: 40_000, meter_stop_wh: 52_000, auth_status: 'Unknown', stop_reason: 'Local' });
    expect(row.started_at.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    expect(kit.events.filter((e) => e.sessionId === row.id).map((e) => e.type)).toEqual(['session.started', 'session.stopped']);
  });

  it('stores the samples of an older seqNo arriving late without moving the state back', async () => {
    await event('TE-E', 'tx-5', 'Started', 0, '2026-01-01T00:00:00Z', { evse: { id: 1 }, meterValue: [register('2026-01-01T00:00:00Z', 0, 'Transaction.Begin')] });
    await event('TE-E', 'tx-5', 'Updated', 3, '2026-01-01T00:30:00Z', { transactionInfo: { transactionId: 'tx-5', chargingState: 'SuspendedEV' }, meterValue: [register('2026-01-01T00:30:00Z', 3_000)] });
    await event('TE-E', 'tx-5', 'Updated', 2, '2026-01-01T00:20:00Z', { transactionInfo: { transactionId: 'tx-5', chargingState: 'Charging' }, meterValue: [register('2026-01-01T00:20:00Z', 2_000)] });
    const row = await byRef('TE-E', 'tx-5');
    expect(row).toMatchObject({ energy_wh: 3_000, last_register_wh: 3_000, seq_no: 3, charging_state: 'SuspendedEV' });
    expect(row.last_sample_at?.toISOString()).toBe('2026-01-01T00:30:00.000Z');
    expect(await sampleCount(row.id)).toBe(3);
  });

  it('authorizes an idToken given later in an Updated, and accepts NoAuthorization without a lookup', async () => {
    await event('TE-E', 'tx-6', 'Started', 0, '2026-01-01T01:00:00Z', { evse: { id: 2 } });
    const res = await event('TE-E', 'tx-6', 'Updated', 1, '2026-01-01T01:01:00Z', { idToken: { idToken: 'DRIVER-1', type: 'ISO14443' }, triggerReason: 'Authorized' });
    expect(res.idTokenInfo?.status).toBe('Accepted');
    expect(await byRef('TE-E', 'tx-6')).toMatchObject({ id_token: 'DRIVER-1', auth_status: 'Accepted' });
    const free = await event('TE-E', 'tx-7', 'Started', 0, '2026-01-01T01:00:00Z', { evse: { id: 3 }, idToken: { idToken: '', type: 'NoAuthorization' } });
    expect(free.idTokenInfo?.status).toBe('Accepted');
  });
});
