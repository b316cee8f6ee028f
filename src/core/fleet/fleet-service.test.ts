import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/clock.js';
import type { LiveSession } from '../live/index.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { silentLogger } from '../../test-kit/logger.js';
import { FleetService } from './fleet-service.js';
import { PowerHistory } from './power-history.js';

let database: TestDatabase;
const clock = new FakeClock('2026-03-01T10:00:00Z');
beforeAll(async () => {
  database = await createTestDatabase(clock);
});
afterAll(async () => database.close());

describe('PowerHistory', () => {
  it('averages the samples of each minute and keeps at most its capacity', () => {
    const h = new PowerHistory(3);
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    expect(h.add(t0, 100)).toBeUndefined();
    expect(h.add(t0 + 30_000, 300)).toBeUndefined();
    expect(h.add(t0 + 60_000, 50)).toEqual([t0, 200]);
    expect(h.since(t0)).toEqual([[t0, 200], [t0 + 60_000, 50]]);
    for (let m = 2; m <= 5; m++) h.add(t0 + m * 60_000, m);
    expect(h.since(0).map((p) => p[0])).toEqual([t0 + 2 * 60_000, t0 + 3 * 60_000, t0 + 4 * 60_000, t0 + 5 * 60_000]);
    expect(h.since(t0 + 4 * 60_000)).toEqual([[t0 + 4 * 60_000, 4], [t0 + 5 * 60_000, 5]]);
  });
});

describe('FleetService power history', () => {
  it('samples fleet power per minute and keeps it across a restart', async () => {
    const sessions: Array<Pick<LiveSession, 'powerW'>> = [{ powerW: 7_000 }, { powerW: 11_000 }, { powerW: null }];
    const live = { summary: () => ({ stations: 0, online: 0, offline: 0, pending: 0, connectorsByStatus: {}, chargingNow: 0, activeSessions: 0, powerW: 0 }), needingAttention: () => [], activeSessions: () => sessions.values() as IterableIterator<LiveSession>, session: () => undefined };
    const first = new FleetService({ db: database.db, clock, logger: silentLogger, live, settings: { sampleIntervalMs: 3_600_000 } });
    await first.start();
    clock.advance(30_000);
    sessions[0]!.powerW = 9_000;
    first.sample();
    clock.advance(30_000);
    first.sample();
    first.stop();
    const minute = Date.parse('2026-03-01T10:00:00Z');
    expect(first.power(1).points[0]).toEqual([minute, (18_000 + 20_000) / 2]);
    // The completed minute is stored in the background: wait for it rather than for a fixed time.
    await waitUntil(() => database.db.selectFrom('fleet_power').select('minute').where('minute', '=', new Date(minute)).executeTakeFirst(), 5_000, 'the first minute stored');

    const second = new FleetService({ db: database.db, clock, logger: silentLogger, live, settings: { sampleIntervalMs: 3_600_000 } });
    await second.start();
    expect(second.power(1).points).toEqual([[minute, 19_000], [minute + 60_000, 20_000]]);
    clock.advance(10 * 60_000);
    sessions[1]!.powerW = 1_000;
    second.sample();
    second.stop();
    expect(second.power(1 / 60).points).toEqual([[minute + 11 * 60_000, 10_000]]);
    expect(second.power(1).points).toHaveLength(3);
  });
});

describe('FleetService energy today', () => {
  it('adds the completed sessions stored to the running ones in the live view, without dipping when one completes', async () => {
    await database.db.insertInto('stations').values({ id: 'EN-1', admission: 'accepted' }).execute();
    const row = (id: number, state: 'active' | 'completed', startedAt: string, energyWh: number) => ({
      id, station_id: 'EN-1', transaction_ref: String(id), protocol: '1.6', evse_id: 1, connector_id: 1, state, started_at: new Date(startedAt), energy_wh: energyWh,
    });
    await database.db.insertInto('sessions').values([
      row(901, 'completed', '2026-03-01T08:00:00Z', 1_000), row(902, 'completed', '2026-02-28T23:00:00Z', 500), row(903, 'active', '2026-03-01T09:00:00Z', 100),
    ]).execute();
    const running = new Map<number, Pick<LiveSession, 'id' | 'startedAt' | 'energyWh' | 'powerW'>>([[903, { id: 903, startedAt: '2026-03-01T09:00:00.000Z', energyWh: 300, powerW: 0 }]]);
    const live = {
      summary: () => ({ stations: 0, online: 0, offline: 0, pending: 0, connectorsByStatus: {}, chargingNow: 0, activeSessions: 0, powerW: 0 }), needingAttention: () => [],
      activeSessions: () => running.values() as IterableIterator<LiveSession>, session: (id: number) => running.get(id) as LiveSession | undefined,
    };
    const fleet = new FleetService({ db: database.db, clock, logger: silentLogger, live, settings: { energyCacheMs: 5_000 } });
    expect((await fleet.summary()).energyTodayWh).toBe(1_300); // the running session's row holds an older checkpoint
    running.get(903)!.energyWh = 320;
    expect((await fleet.summary()).energyTodayWh).toBe(1_320);
    // It completes: gone from the live view before the cached aggregate is read again.
    running.delete(903);
    await database.db.updateTable('sessions').set({ state: 'completed', energy_wh: 330 }).where('id', '=', 903).execute();
    expect((await fleet.summary()).energyTodayWh).toBe(1_320);
    clock.advance(5_000);
    expect((await fleet.summary()).energyTodayWh).toBe(1_330);
  });
});
