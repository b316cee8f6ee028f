import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, SampleSeries, SessionView, SiteView } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';

let server: TestServer;
let viewer: ApiClient;
let sim: SimStation;
let site: SiteView;
let active: SessionView;

beforeAll(async () => {
  server = await startTestServer();
  viewer = await apiClient(server, 'viewer');
  site = (await (await apiClient(server, 'operator')).post<SiteView>('/api/sites', { name: 'Sessions site' })).body;
  await server.services.stations.create({ id: 'SES-1', siteId: site.id });
  sim = new SimStation(testStationOptions(server.stationUrl, 'SES-1', '2.0.1', { timeScale: 300, meterIntervalS: 10 }));
  await sim.start();
  // Two short sessions on connector 2, then one that keeps running on connector 1.
  for (const tag of ['TAG-A', 'TAG-B']) {
    sim.plugIn(2, { idToken: tag, socStart: 40, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 });
    await waitUntil(async () => (await list(`?stationId=SES-1&state=active`)).items[0], 5000, `${tag} started`);
    sim.stopCharging(2);
    sim.unplug(2);
    await waitUntil(async () => (await list(`?stationId=SES-1&state=active`)).total === 0 || undefined, 5000, `${tag} stopped`);
  }
  sim.plugIn(1, { idToken: 'TAG-LIVE', socStart: 20, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 });
  active = await waitUntil(async () => {
    const s = (await list('?state=active')).items[0];
    return s && s.energyWh > 100 && s.powerW ? s : undefined;
  }, 15_000, 'live session charging');
});
afterAll(async () => {
  await sim.stop();
  await server.close();
});

async function list(query: string): Promise<Page<SessionView>> {
  const res = await viewer.get<Page<SessionView>>(`/api/sessions${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('GET /api/sessions', () => {
  it('lists sessions newest first with filters and a total', async () => {
    const all = await list('');
    expect(all.total).toBe(3);
    expect(all.items.map((s) => s.idToken)).toEqual(['TAG-LIVE', 'TAG-B', 'TAG-A']);
    expect(all.items[0]).toMatchObject({ stationId: 'SES-1', siteId: site.id, evseId: 1, state: 'active', stoppedAt: null });
    expect(all.items[1]).toMatchObject({ state: 'completed', powerW: null, evseId: 2 });
    expect((await list('?state=completed')).total).toBe(2);
    expect((await list('?idToken=tag-b')).items.map((s) => s.idToken)).toEqual(['TAG-B']);
    expect((await list(`?siteId=${site.id}`)).total).toBe(3);
    expect((await list('?siteId=00000000-0000-4000-8000-000000000000')).total).toBe(0);
    expect((await list('?stationId=OTHER')).total).toBe(0);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect((await list(`?from=${future}`)).total).toBe(0);
    expect((await list(`?to=${future}`)).total).toBe(3);
    expect((await viewer.get('/api/sessions?from=yesterday')).status).toBe(400);
  });

  it('pages with a cursor', async () => {
    const first = await list('?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((s) => s.idToken)).toEqual(['TAG-A']);
    expect(second.nextCursor).toBeNull();
    expect((await viewer.get('/api/sessions?cursor=nonsense')).status).toBe(400);
  });
});

describe('GET /api/sessions/:id', () => {
  it('shows a running session with the live view\'s latest values', async () => {
    const res = await viewer.get<SessionView>(`/api/sessions/${active.id}`);
    expect(res.status).toBe(200);
    const liveSession = server.services.live.session(active.id)!;
    expect(res.body.energyWh).toBeGreaterThanOrEqual(active.energyWh);
    expect(res.body.energyWh).toBeLessThanOrEqual(liveSession.energyWh);
    expect(res.body.powerW).toBeGreaterThan(0);
    expect(res.body.soc).toBeGreaterThan(20);
    expect(res.body.durationS).toBeGreaterThanOrEqual(0);
    expect((await viewer.get('/api/sessions/999999')).status).toBe(404);
    expect((await viewer.get('/api/sessions/abc')).status).toBe(400);
  });
});

describe('GET /api/sessions/:id/samples', () => {
  it('returns one series per measurand and phase, downsampled or raw', async () => {
    await waitUntil(async () => {
      const raw = (await viewer.get<SampleSeries[]>(`/api/sessions/${active.id}/samples?raw=true&measurands=Energy.Active.Import.Register`)).body;
      return (raw[0]?.points.length ?? 0) >= 6 || undefined;
    }, 15_000, 'six energy samples');
    const raw = (await viewer.get<SampleSeries[]>(`/api/sessions/${active.id}/samples?raw=true`)).body;
    const energy = raw.find((s) => s.measurand === 'Energy.Active.Import.Register' && s.phase === null)!;
    expect(energy.downsampled).toBe(false);
    expect(energy.unit).toBe('Wh');
    expect(energy.points.every((p) => p.length === 2)).toBe(true);
    const times = energy.points.map((p) => p[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const values = energy.points.map((p) => p[1]);
    expect([...values].sort((a, b) => a - b)).toEqual(values);

    const down = (await viewer.get<SampleSeries[]>(`/api/sessions/${active.id}/samples?maxPoints=2&measurands=Energy.Active.Import.Register`)).body;
    expect(down).toHaveLength(1);
    expect(down[0]!.downsampled).toBe(true);
    expect(down[0]!.points.length).toBeLessThanOrEqual(2);
    const [, mean, min, max] = down[0]!.points[0] as [number, number, number, number];
    expect(min).toBeLessThanOrEqual(mean);
    expect(mean).toBeLessThanOrEqual(max);

    const plenty = (await viewer.get<SampleSeries[]>(`/api/sessions/${active.id}/samples?measurands=Energy.Active.Import.Register`)).body;
    expect(plenty[0]!.downsampled).toBe(false);
    expect((await viewer.get('/api/sessions/999999/samples')).status).toBe(404);
    expect((await viewer.get(`/api/sessions/${active.id}/samples?maxPoints=1`)).status).toBe(400);
  });
});
