import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { samplesFromV16, samplesFromV201 } from './meter-samples.js';
import { PROGRESS_CHECKPOINT_MS } from './session-writer.js';
import { SessionService } from './sessions-service.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  for (const id of ['CP-A', 'CP-B', 'CP-C', 'CP-D', 'CP-E']) await kit.connect(id, '1.6');
  await kit.connect('CP-201', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const interval = (s: number, wh: number) => samplesFromV16([{ timestamp: at(s), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Interval' }] }], T0);
const register = (s: number, wh: number) => samplesFromV16([{ timestamp: at(s), sampledValue: [{ value: String(wh) }] }], T0);
/** The session row as stored, not as the service presents it. */
const stored = (id: number) => kit.database.db.selectFrom('sessions').select(['energy_wh', 'last_register_wh', 'seq_no', 'charging_state', 'progress_through']).where('id', '=', id).executeTakeFirstOrThrow();
/** Another process over the same database (a restart without a clean shutdown, or the station moving to another node). */
const otherProcess = () => new SessionService({ db: kit.database.db, committer: kit.committer, bus: kit.bus, clock: kit.clock, ids: kit.ids, logger: silentLogger, access: kit.access });

async function start1_6(stationId: string, meterStartWh = 0): Promise<{ sessionId: number; transactionRef: string }> {
  return kit.sessions.start({ stationId, evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh, timestamp: new Date(kit.clock.nowMs()).toISOString() });
}

describe('session progress checkpoints', () => {
  it('stores a running session\'s progress at most every checkpoint interval, while the service shows it current', async () => {
    const { sessionId, transactionRef } = await start1_6('CP-A', 1_000);
    const send = async (s: number, wh: number) => {
      kit.clock.advance(2_000);
      await kit.sessions.recordMeterValues({ stationId: 'CP-A', evseId: 1, connectorId: 1, transactionRef, samples: register(s, wh) });
    };
    await send(2, 1_100);
    await send(4, 1_200);
    expect((await stored(sessionId)).energy_wh).toBe(0); // the checkpoint of the start
    expect((await kit.sessions.get(sessionId)).energyWh).toBe(200);
    expect((await kit.sessions.activeFor('CP-A'))[0]!.energyWh).toBe(200);
    for (let s = 6; s < PROGRESS_CHECKPOINT_MS / 1000; s += 2) await send(s, 1_000 + s * 50);
    expect((await stored(sessionId)).energy_wh).toBe(0);
    await send(PROGRESS_CHECKPOINT_MS / 1000, 1_000 + (PROGRESS_CHECKPOINT_MS / 1000) * 50);
    const row = await stored(sessionId);
    expect(row.energy_wh).toBe((PROGRESS_CHECKPOINT_MS / 1000) * 50);
    expect(row.progress_through!.getTime()).toBe(kit.clock.nowMs());
  });

  it('replays the samples after the checkpoint in another process: interval energy counted once, 2.0.1 repeats still repeats', async () => {
    const { sessionId, transactionRef } = await start1_6('CP-B');
    for (let s = 1; s <= 5; s++) {
      kit.clock.advance(1_000);
      await kit.sessions.recordMeterValues({ stationId: 'CP-B', evseId: 1, connectorId: 1, transactionRef, samples: interval(s, 100) });
    }
    expect((await stored(sessionId)).energy_wh).toBe(0);
    const other = otherProcess();
    kit.clock.advance(1_000);
    await other.recordMeterValues({ stationId: 'CP-B', evseId: 1, connectorId: 1, transactionRef, samples: interval(6, 100) });
    expect((await other.get(sessionId)).energyWh).toBe(600);
    await other.stop({ stationId: 'CP-B', transactionRef, meterStopWh: 600, timestamp: at(7), samples: [], payload: {} });
    expect((await stored(sessionId)).energy_wh).toBe(600);

    const tx = { stationId: 'CP-201', transactionRef: 'cp-tx-1', evseId: 1, connectorId: 1, payload: {} };
    const sv = (s: number, wh: number) => samplesFromV201([{ timestamp: at(s), sampledValue: [{ value: wh, measurand: 'Energy.Active.Import.Interval' }] }], T0);
    await kit.sessions.transactionEvent({ ...tx, eventType: 'Started', seqNo: 0, timestamp: at(0), idToken: { value: 'T', type: 'ISO14443' }, chargingState: 'Charging', samples: [] });
    for (let seqNo = 1; seqNo <= 3; seqNo++) {
      kit.clock.advance(1_000);
      await kit.sessions.transactionEvent({ ...tx, eventType: 'Updated', seqNo, timestamp: at(seqNo), samples: sv(seqNo, 100) });
    }
    const txRow = await kit.database.db.selectFrom('sessions').select(['id']).where('transaction_ref', '=', 'cp-tx-1').executeTakeFirstOrThrow();
    expect((await stored(txRow.id)).seq_no).toBe(0);
    const again = otherProcess();
    kit.clock.advance(1_000);
    // The station did not get the answer to seqNo 3 and sends it again: the replayed samples say it was applied.
    expect(await again.transactionEvent({ ...tx, eventType: 'Updated', seqNo: 3, timestamp: at(3), samples: sv(3, 100) })).toMatchObject({ outcome: 'duplicate' });
    expect((await again.get(txRow.id)).energyWh).toBe(300);
    const rows = await kit.database.db.selectFrom('meter_samples').select(['seq_no']).where('session_id', '=', txRow.id).orderBy('seq_no').execute();
    expect(rows.map((r) => r.seq_no)).toEqual([1, 2, 3]);
  });

  it('stores a change the samples do not carry at once: a new charging state', async () => {
    const tx = { stationId: 'CP-201', transactionRef: 'cp-tx-2', evseId: 2, connectorId: 1, payload: {} };
    await kit.sessions.transactionEvent({ ...tx, eventType: 'Started', seqNo: 0, timestamp: at(0), idToken: { value: 'T', type: 'ISO14443' }, chargingState: 'Charging', samples: [] });
    kit.clock.advance(1_000);
    const samples = samplesFromV201([{ timestamp: at(1), sampledValue: [{ value: 5_000 }] }], T0);
    const { sessionId } = await kit.sessions.transactionEvent({ ...tx, eventType: 'Updated', seqNo: 1, timestamp: at(1), chargingState: 'SuspendedEV', samples });
    expect(await stored(sessionId)).toMatchObject({ charging_state: 'SuspendedEV', seq_no: 1 });
  });

  it('checkpoints sessions of silent stations when due, and every unsaved one at flush', async () => {
    await kit.sessions.flush(); // what the tests before left unsaved
    const silent = await start1_6('CP-C');
    kit.clock.advance(1_000);
    await kit.sessions.recordMeterValues({ stationId: 'CP-C', evseId: 1, connectorId: 1, transactionRef: silent.transactionRef, samples: interval(1, 250) });
    kit.clock.advance(PROGRESS_CHECKPOINT_MS - 11_000);
    const busy = await start1_6('CP-D');
    kit.clock.advance(1_000);
    await kit.sessions.recordMeterValues({ stationId: 'CP-D', evseId: 1, connectorId: 1, transactionRef: busy.transactionRef, samples: interval(2, 400) });
    kit.clock.advance(9_000);
    expect(await kit.sessions.checkpointDue()).toBe(1); // CP-C's checkpoint is due; CP-D's not yet
    expect((await stored(silent.sessionId)).energy_wh).toBe(250);
    expect((await stored(busy.sessionId)).energy_wh).toBe(0);
    await kit.sessions.flush();
    expect((await stored(busy.sessionId)).energy_wh).toBe(400);
    expect(await kit.sessions.checkpointDue()).toBe(0);
  });

  it('leaves a due checkpoint of a station still sending to its next message', async () => {
    await kit.sessions.flush();
    const { sessionId, transactionRef } = await start1_6('CP-E');
    const startMs = kit.clock.nowMs();
    const every = PROGRESS_CHECKPOINT_MS;
    const meterAt = async (ms: number, wh: number) => {
      kit.clock.set(startMs + ms);
      await kit.sessions.recordMeterValues({ stationId: 'CP-E', evseId: 1, connectorId: 1, transactionRef, samples: interval(ms / 1000, wh) });
    };
    await meterAt(1_000, 100);
    await meterAt(every - 1_000, 100);
    kit.clock.set(startMs + every + 1_000);
    expect(await kit.sessions.checkpointDue()).toBe(0);
    expect((await stored(sessionId)).energy_wh).toBe(0);
    await meterAt(every + 2_000, 100);
    expect((await stored(sessionId)).energy_wh).toBe(300);
  });

  it('never lets an older checkpoint replace a newer one', async () => {
    const { sessionId, transactionRef } = await start1_6('CP-A', 0);
    const stale = otherProcess();
    kit.clock.advance(1_000);
    await stale.recordMeterValues({ stationId: 'CP-A', evseId: 1, connectorId: 1, transactionRef, samples: register(1, 100) });
    // The station moves on to this process, which stores a newer checkpoint.
    kit.clock.advance(1_000);
    await kit.sessions.recordMeterValues({ stationId: 'CP-A', evseId: 1, connectorId: 1, transactionRef, samples: register(2, 300) });
    await kit.sessions.flush();
    await stale.flush();
    expect(await stored(sessionId)).toMatchObject({ energy_wh: 300, last_register_wh: 300 });
  });
});
