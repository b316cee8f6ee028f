import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { samplesFromV16 } from './meter-samples.js';
import { SessionService } from './sessions-service.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  for (const id of ['SV-A', 'SV-B', 'SV-C', 'SV-US']) await kit.connect(id, '1.6');
  for (let i = 0; i < 20; i++) await kit.connect(`SV-F${i}`, '1.6');
});
afterAll(async () => {
  await kit.close();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const register = (minutes: number, wh: number, powerW?: number) =>
  samplesFromV16([{ timestamp: at(minutes), sampledValue: [{ value: String(wh) }, ...(powerW === undefined ? [] : [{ value: String(powerW), measurand: 'Power.Active.Import' }])] }], T0);
const serviceOver = (db: Kysely<Database>) => new SessionService({ db, committer: kit.committer, bus: kit.bus, clock: kit.clock, ids: kit.ids, logger: silentLogger, access: kit.access });

describe('meter progress in memory', () => {
  it('continues from the database after a restart (two reads: sessions, samples after their checkpoint), then costs no read query per message', async () => {
    const { sessionId } = await kit.sessions.start({ stationId: 'SV-A', evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 1_000, timestamp: at(0) });
    await kit.sessions.recordMeterValues({ stationId: 'SV-A', evseId: 1, connectorId: 1, transactionRef: String(sessionId), samples: register(1, 1_400) });

    const queries: string[] = [];
    const counted = new Kysely<Database>({ dialect: new PostgresDialect({ pool: kit.database.pool }), log: (e) => void (e.level === 'query' && queries.push(e.query.sql)) });
    const restarted = serviceOver(counted);
    await restarted.recordMeterValues({ stationId: 'SV-A', evseId: 1, connectorId: 1, transactionRef: String(sessionId), samples: register(2, 1_900) });
    expect(queries).toHaveLength(2);
    for (let m = 3; m < 13; m++) await restarted.recordMeterValues({ stationId: 'SV-A', evseId: 1, connectorId: 1, transactionRef: String(sessionId), samples: register(m, 1_900 + (m - 2) * 100, 6_000) });
    expect(queries).toHaveLength(2);
    expect(await restarted.get(sessionId)).toMatchObject({ energyWh: 1_900, powerW: 6_000, state: 'active' });
  });

  it('commits the meter values of many stations together in few batches', async () => {
    const starts = await Promise.all(Array.from({ length: 20 }, (_, i) => kit.sessions.start({ stationId: `SV-F${i}`, evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 0, timestamp: at(0) })));
    const batches = kit.committer.stats.batches;
    await Promise.all(starts.map((s, i) => kit.sessions.recordMeterValues({ stationId: `SV-F${i}`, evseId: 1, connectorId: 1, transactionRef: s.transactionRef, samples: register(1, 100 * (i + 1)) })));
    expect(kit.committer.stats.batches - batches).toBeLessThanOrEqual(3);
    const energies = await Promise.all(starts.map((s) => kit.sessions.get(s.sessionId)));
    expect(energies.map((s) => s.energyWh)).toEqual(starts.map((_, i) => 100 * (i + 1)));
  });
});

describe('a failed batch', () => {
  it('tells the caller, and the retried message is not counted twice', async () => {
    await kit.connect('SV-R', '1.6');
    const { transactionRef, sessionId } = await kit.sessions.start({ stationId: 'SV-R', evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 0, timestamp: at(0) });
    const interval = (wh: number) => samplesFromV16([{ timestamp: at(5), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Interval' }] }], T0);
    kit.clock.advance(1_000);
    await kit.sessions.recordMeterValues({ stationId: 'SV-R', evseId: 1, connectorId: 1, transactionRef, samples: samplesFromV16([{ timestamp: at(1), sampledValue: [{ value: '100', measurand: 'Energy.Active.Import.Interval' }] }], T0) });
    const now = kit.clock.nowMs();
    kit.clock.advance(90 * 86_400_000); // no meter_values partition that far ahead: the batch cannot be written
    await expect(kit.sessions.recordMeterValues({ stationId: 'SV-R', evseId: 1, connectorId: 1, transactionRef, samples: interval(250) })).rejects.toThrow(/partition/);
    kit.clock.set(now + 1_000);
    // The station reloads: its checkpoint is the start, and the first interval is replayed from its samples.
    await kit.sessions.recordMeterValues({ stationId: 'SV-R', evseId: 1, connectorId: 1, transactionRef, samples: interval(250) });
    expect((await kit.sessions.get(sessionId)).energyWh).toBe(350);
  }, 20_000);
});

describe('queries', () => {
  it('pages through sessions that start within the same millisecond without skipping any', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await kit.sessions.start({ stationId: 'SV-US', evseId: 1 + i, connectorId: 1, idToken: { value: `us-tag-${i}` }, meterStartWh: i, timestamp: at(300) });
      ids.push(s.sessionId);
    }
    // PostgreSQL keeps microseconds: give the three starts distinct microseconds inside one millisecond
    await kit.database.db.updateTable('sessions').set({ started_at: sql`started_at + (id % 1000) * interval '1 microsecond'` }).where('station_id', '=', 'SV-US').execute();
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await kit.sessions.list({ stationId: 'SV-US', limit: 1, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('lists newest first with filters and a cursor, and presents sessions without raw rows', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await kit.sessions.start({ stationId: 'SV-B', evseId: 1 + (i % 2), connectorId: 1, idToken: { value: i % 2 ? 'odd-tag' : 'even-tag' }, meterStartWh: 0, timestamp: at(100 + i) });
      ids.push(s.sessionId);
    }
    await kit.sessions.stop({ stationId: 'SV-B', transactionRef: String(ids[4]), meterStopWh: 50, timestamp: at(200), samples: [], payload: {} });
    const first = await kit.sessions.list({ stationId: 'SV-B', limit: 2 });
    expect(first.items.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    const second = await kit.sessions.list({ stationId: 'SV-B', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const third = await kit.sessions.list({ stationId: 'SV-B', limit: 2, cursor: second.nextCursor! });
    expect(third.items.map((s) => s.id)).toEqual([ids[0]]);
    expect(third.nextCursor).toBeNull();
    expect((await kit.sessions.list({ stationId: 'SV-B', state: 'completed', limit: 10 })).items.map((s) => s.id)).toEqual([ids[0], ids[1], ids[2], ids[4]].sort((a, b) => b - a));
    expect((await kit.sessions.list({ idToken: 'ODD-TAG', limit: 10 })).items.map((s) => s.id)).toEqual([ids[3], ids[1]]);
    expect((await kit.sessions.list({ stationId: 'SV-B', from: at(102), to: at(104), limit: 10 })).items.map((s) => s.id)).toEqual([ids[3], ids[2]]);
    const one = await kit.sessions.get(ids[4]!);
    expect(one).toMatchObject({ id: ids[4], stationId: 'SV-B', transactionRef: String(ids[4]), state: 'completed', energyWh: 50, startedAt: at(104), stoppedAt: at(200), durationS: 96 * 60 });
    expect(Object.keys(one)).not.toContain('station_id');
    expect((await kit.sessions.activeFor('SV-B')).map((s) => s.id)).toEqual([ids[3]]);
    await expect(kit.sessions.get(999_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(kit.sessions.list({ limit: 2, cursor: 'bogus' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('downsamples a session\'s samples into at most maxPoints buckets per series', async () => {
    const { sessionId, transactionRef } = await kit.sessions.start({ stationId: 'SV-C', evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 0, timestamp: at(0) });
    for (let m = 1; m <= 100; m++) await kit.sessions.recordMeterValues({ stationId: 'SV-C', evseId: 1, connectorId: 1, transactionRef, samples: register(m, m * 100, m % 2 ? 7_000 : 11_000) });
    const series = await kit.sessions.samples(sessionId, { maxPoints: 10 });
    expect(series.map((s) => [s.measurand, s.unit])).toEqual([['Energy.Active.Import.Register', 'Wh'], ['Power.Active.Import', 'W']]);
    for (const s of series) {
      expect(s.points.length).toBeLessThanOrEqual(10);
      expect(s.points.length).toBeGreaterThanOrEqual(9);
      for (const p of s.points) expect(p.min <= p.value && p.value <= p.max).toBe(true);
    }
    const power = series[1]!;
    expect(power.points.every((p) => p.min === 7_000 && p.max === 11_000)).toBe(true);
    expect(series[0]!.points.at(-1)!.max).toBe(10_000);
    const onlyPower = await kit.sessions.samples(sessionId, { measurands: ['Power.Active.Import'], maxPoints: 1000 });
    expect(onlyPower).toHaveLength(1);
    expect(onlyPower[0]!.points).toHaveLength(100);
  });
});
