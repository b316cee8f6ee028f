import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedReportSessions } from '../../../bench/report-seed.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import type { SampleGroup } from '../sessions/meter-samples.js';
import { insertSampleGroups } from '../sessions/sessions-repository.js';
import { SessionReportRepository } from './session-report-repository.js';

let db: TestDatabase;
let repo: SessionReportRepository;
const FROM = new Date('2025-01-01T00:00:00Z');
const SESSIONS = 1_234;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedReportSessions(db.pool, { stations: 20, sessions: SESSIONS, sites: 2, tokens: 50, from: FROM, days: 365, prefix: 'R' });
  repo = new SessionReportRepository(db.db);
});
afterAll(async () => db.close());

async function all(filter: Parameters<SessionReportRepository['rows']>[0], batch = 100) {
  const out = [];
  for await (const r of repo.rows(filter, batch)) out.push(r);
  return out;
}

describe('SessionReportRepository.rows', () => {
  it('reads every session once, newest first, in keyset batches of exactly the batch size', async () => {
    const page = vi.spyOn(repo, 'page');
    try {
      const rows = await all({}, 100);
      expect(rows).toHaveLength(SESSIONS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(SESSIONS);
      const starts = rows.map((r) => r.started_ms);
      expect(starts).toEqual([...starts].sort((a, b) => b - a));
      // 13 batches: 12 full ones and the last partial one; never more than the batch size at once.
      expect(page).toHaveBeenCalledTimes(13);
      for (const call of page.mock.calls) expect(call[2]).toBe(100);
      const results = await Promise.all(page.mock.results.map((r) => r.value as Promise<unknown[]>));
      expect(Math.max(...results.map((r) => r.length))).toBe(100);
    } finally {
      page.mockRestore();
    }
  });

  it('reads one batch ahead of the consumer at most, and nothing more after it stops', async () => {
    const page = vi.spyOn(repo, 'page');
    try {
      const iterator = repo.rows({}, 50);
      await iterator.next();
      expect(page).toHaveBeenCalledTimes(2);
      for (let i = 0; i < 49; i++) await iterator.next();
      expect(page).toHaveBeenCalledTimes(2);
      await iterator.next();
      expect(page).toHaveBeenCalledTimes(3);
      await iterator.return();
      expect((await iterator.next()).done).toBe(true);
      expect(page).toHaveBeenCalledTimes(3);
    } finally {
      page.mockRestore();
    }
  });

  it('pages exactly through starts that differ by microseconds', async () => {
    const base = '2024-06-01T12:00:00.000';
    const inserted = await db.db.insertInto('sessions').values(['100', '300', '300', '500', '700'].map((us, i) => ({
      station_id: 'R-000002', transaction_ref: `US-${i}`, protocol: '1.6', evse_id: 1, connector_id: 1, started_at: `${base}${us}Z`, state: 'completed' as const,
    }))).returning('id').execute();
    const filter = { to: new Date('2024-06-02T00:00:00Z') };
    const rows = await all(filter, 1);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5);
    // Newest first; the two equal starts by id, descending.
    expect(rows.map((r) => r.id)).toEqual(inserted.map((r) => r.id).reverse());
  });

  it('joins station, site and token labels and filters by them', async () => {
    const station = await all({ stationId: 'R-000003' });
    expect(station.length).toBeGreaterThan(0);
    expect(station.every((r) => r.station_id === 'R-000003' && r.station_name === 'R charger 3' && r.site_name !== null)).toBe(true);
    const siteId = station[0]!.site_id!;
    const site = await all({ siteId });
    expect(site.length).toBe(SESSIONS / 2);
    expect(site.every((r) => r.site_id === siteId && r.address?.includes('Charging Street'))).toBe(true);
    const token = await all({ idToken: 'rtok00000007' });
    expect(token.length).toBeGreaterThan(0);
    expect(token.every((r) => r.id_token === 'RTOK00000007' && r.token_label === 'Driver 7')).toBe(true);
    const user = await all({ user: 'driver 7' });
    expect(new Set(user.map((r) => r.token_label))).toEqual(new Set(['Driver 7']));
    expect(await all({ user: '%' })).toEqual([]);
    const january = await all({ from: FROM, to: new Date('2025-02-01T00:00:00Z') });
    expect(january.length).toBeGreaterThan(90);
    expect(january.length).toBeLessThan(120);
    expect(january.every((r) => r.started_ms < Date.parse('2025-02-01T00:00:00Z'))).toBe(true);
    expect(await all({ state: 'active' })).toEqual([]);
  });

  it('counts up to a cap', async () => {
    expect(await repo.count({ from: FROM }, 10_000)).toBe(SESSIONS);
    expect(await repo.count({}, 100)).toBe(101);
  });
});

describe('SessionReportRepository.find', () => {
  it('fills peak power from the total, else from the sum of phases, and leaves cost empty when unpriced', async () => {
    const now = Date.now();
    const [total, phases] = await db.db.insertInto('sessions').values([0, 1].map((i) => ({
      station_id: 'R-000001', transaction_ref: `PEAK-${i}`, protocol: '2.0.1', evse_id: 1, connector_id: 1, id_token: null,
      started_at: new Date(now - 3_600_000), stopped_at: new Date(now), state: 'completed' as const, energy_wh: 5_000,
    }))).returning('id').execute();
    const sample = (sessionId: number, atMs: number, value: number, phase: string | null): SampleGroup => ({
      recordedAt: new Date(now), stationId: 'R-000001', evseId: 1, connectorId: 1, sessionId,
      samples: [{ atMs, measurand: 'Power.Active.Import', phase, location: null, context: null, unit: 'W', multiplier: null, value, raw: null, signed: null }],
    });
    await insertSampleGroups(db.db, [
      sample(total!.id, now - 60_000, 7_000, null), sample(total!.id, now - 30_000, 11_000, null), sample(total!.id, now - 30_000, 3_000, 'L1'),
      sample(phases!.id, now - 60_000, 3_000, 'L1'), sample(phases!.id, now - 60_000, 3_100, 'L2'), sample(phases!.id, now - 60_000, 2_900, 'L3'),
      sample(phases!.id, now - 30_000, 1_000, 'L1'),
    ]);
    expect((await repo.find(total!.id))).toMatchObject({ peak_power_w: 11_000, id_token: null, token_label: null, cost_total: null, currency: null });
    expect((await repo.find(phases!.id))?.peak_power_w).toBe(9_000);
    expect((await repo.find(SESSIONS * 10))).toBeUndefined();
  });
});
