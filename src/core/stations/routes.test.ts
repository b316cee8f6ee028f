import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcppMessageView, Page, SiteView, StationDetail, StationListItem } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
const sims: SimStation[] = [];

async function sim(id: string, version: '1.6' | '2.0.1', model = 'SimAC-22'): Promise<SimStation> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { model }));
  sims.push(s);
  await s.start();
  await waitUntil(() => server.services.live.station(id)?.connectors.length === 2 || undefined, 5000, `${id} connectors`);
  return s;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await apiClient(server, 'admin');
  viewer = await apiClient(server, 'viewer');
  for (let i = 1; i <= 7; i++) expect((await admin.post('/api/stations', { id: `LIST-${i}`, name: `Station ${String.fromCharCode(72 - i)}` })).status).toBe(201);
  await sim('SIM-A', '1.6', 'ModelA');
  const faulty = await sim('SIM-B', '2.0.1', 'ModelB');
  faulty.injectFault(2, 'GroundFailure');
  await waitUntil(() => server.services.live.station('SIM-B')?.connectors.some((c) => c.status === 'Faulted') || undefined, 5000, 'fault');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

const list = async (query: string) => {
  const res = await viewer.get<Page<StationListItem>>(`/api/stations${query}`);
  expect(res.status).toBe(200);
  return res.body;
};

describe('GET /api/stations', () => {
  it('lists every station with live connectors, worst status and total', async () => {
    const page = await list('');
    expect(page.total).toBe(9);
    expect(page.items.map((s) => s.id)).toEqual(['LIST-1', 'LIST-2', 'LIST-3', 'LIST-4', 'LIST-5', 'LIST-6', 'LIST-7', 'SIM-A', 'SIM-B']);
    const b = page.items.find((s) => s.id === 'SIM-B')!;
    expect(b).toMatchObject({ online: true, protocol: '2.0.1', model: 'ModelB', vendor: 'Chargewatch Sim', status: 'Faulted', admission: 'accepted', simulated: false, siteId: null, siteName: null, powerW: 0 });
    expect(b.connectors).toHaveLength(2);
    expect(b.connectors[1]).toMatchObject({ evseId: 2, connectorId: 1, status: 'Faulted', sessionId: null });
    expect(page.items.find((s) => s.id === 'SIM-A')!.status).toBe('Available');
    expect(page.items.find((s) => s.id === 'LIST-1')).toMatchObject({ online: false, status: null, connectors: [], name: 'Station G' });
  });

  it('filters by online, status, model, protocol, admission and search', async () => {
    expect((await list('?online=true')).items.map((s) => s.id)).toEqual(['SIM-A', 'SIM-B']);
    expect((await list('?online=false')).total).toBe(7);
    expect((await list('?status=Faulted')).items.map((s) => s.id)).toEqual(['SIM-B']);
    expect((await list('?model=ModelA')).items.map((s) => s.id)).toEqual(['SIM-A']);
    expect((await list('?protocol=1.6')).items.map((s) => s.id)).toEqual(['SIM-A']);
    expect((await list('?firmware=1.0.0-sim&online=true')).total).toBe(2);
    expect((await list('?search=station%20c')).items.map((s) => s.id)).toEqual(['LIST-5']);
    expect((await list('?search=modelb')).items.map((s) => s.id)).toEqual(['SIM-B']);
    expect((await list('?admission=pending')).total).toBe(0);
  });

  it('pages with a cursor in any sort order without losing or repeating rows', async () => {
    for (const [sort, order] of [['id', 'asc'], ['name', 'desc'], ['status', 'asc'], ['lastSeenAt', 'desc']] as const) {
      const all = (await list(`?sort=${sort}&order=${order}&limit=100`)).items.map((s) => s.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<StationListItem> = await list(`?sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.total).toBe(9);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }
    expect((await list('?sort=status&limit=1')).items[0]!.id).toBe('SIM-B');
    expect((await list('?sort=name&limit=1')).items[0]!.id).toBe('SIM-A'); // unnamed first
    expect((await list('?sort=name&order=desc&limit=1')).items[0]!.name).toBe('Station G');
  });

  it('answers 400 with the error shape for bad filters and foreign cursors', async () => {
    const bad = await viewer.get<{ error: { code: string } }>('/api/stations?sort=power');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect((await viewer.get('/api/stations?limit=0')).status).toBe(400);
    expect((await viewer.get('/api/stations?cursor=garbage')).status).toBe(400);
    const cursor = (await list('?limit=1')).nextCursor!;
    expect((await viewer.get(`/api/stations?sort=name&cursor=${cursor}`)).status).toBe(400);
  });
});

describe('station detail and changes', () => {
  it('shows identity, live state, boots and connections', async () => {
    const res = await viewer.get<StationDetail>('/api/stations/SIM-A');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'SIM-A', online: true, protocol: '1.6', vendor: 'Chargewatch Sim', model: 'ModelA', firmwareVersion: '1.0.0-sim', hasPassword: false, securityProfile: 0,
      location: { latitude: null, longitude: null, address: null }, status: 'Available',
    });
    expect(res.body.boots.length).toBeGreaterThanOrEqual(1);
    expect(res.body.connections[0]).toMatchObject({ disconnectedAt: null });
    expect(res.body.connectors).toHaveLength(2);
    expect((await viewer.get('/api/stations/NOPE')).status).toBe(404);
  });

  it('creates, patches (site, location, password), approves and deletes; viewers may not', async () => {
    expect((await viewer.post('/api/stations', { id: 'NEW-1' })).status).toBe(403);
    const site = (await admin.post<SiteView>('/api/sites', { name: 'Depot' })).body;
    const created = await admin.post<StationDetail>('/api/stations', { id: 'NEW-1', name: 'New one', siteId: site.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'NEW-1', name: 'New one', admission: 'accepted', siteId: site.id, siteName: 'Depot', online: false });
    expect((await admin.post('/api/stations', { id: 'NEW-1' })).status).toBe(409);
    expect((await admin.post('/api/stations', { id: 'bad id!' })).status).toBe(400);
    expect((await admin.post('/api/stations', { id: 'NEW-2', siteId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);

    const patched = await admin.patch<StationDetail>('/api/stations/NEW-1', { name: null, location: { latitude: 52.5, longitude: 13.4, address: 'Hauptstr. 1' }, password: 'a-long-enough-password' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: null, hasPassword: true, location: { latitude: 52.5, longitude: 13.4, address: 'Hauptstr. 1' }, siteId: site.id });
    expect((await admin.patch('/api/stations/NEW-1', { location: { latitude: 91 } })).status).toBe(400);
    expect((await admin.patch('/api/stations/NEW-1', { password: 'short' })).status).toBe(400);
    const moved = await admin.patch<StationDetail>('/api/stations/NEW-1', { siteId: null, password: null });
    expect(moved.body).toMatchObject({ siteId: null, siteName: null, hasPassword: false });
    expect((await list('?search=NEW-1')).items[0]).toMatchObject({ id: 'NEW-1', name: null, siteId: null });

    expect((await admin.post<StationDetail>('/api/stations/NEW-1/disable')).body.admission).toBe('disabled');
    expect((await list('?admission=disabled')).items.map((s) => s.id)).toEqual(['NEW-1']);
    expect((await admin.post<StationDetail>('/api/stations/NEW-1/reject')).body.admission).toBe('rejected');
    expect((await admin.post<StationDetail>('/api/stations/NEW-1/approve')).body.admission).toBe('accepted');
    const technician = await apiClient(server, 'technician');
    expect((await technician.post('/api/stations/NEW-1/approve')).status).toBe(403);
    expect((await admin.delete('/api/stations/NEW-1')).status).toBe(204);
    expect((await admin.get('/api/stations/NEW-1')).status).toBe(404);
    expect((await list('?search=NEW-1')).total).toBe(0);
  });

  it('approving a pending station lets it boot', async () => {
    const pending = new SimStation(testStationOptions(server.stationUrl, 'PEND-1', '1.6'));
    sims.push(pending);
    await server.services.stations.create({ id: 'PEND-1', admission: 'pending' });
    const booted = pending.start();
    await waitUntil(() => pending.bootStatus === 'Pending' || undefined, 5000, 'pending boot');
    expect((await list('?admission=pending')).items.map((s) => s.id)).toEqual(['PEND-1']);
    expect((await admin.post('/api/stations/PEND-1/approve')).status).toBe(200);
    await booted;
    expect(pending.bootStatus).toBe('Accepted');
  });
});

describe('GET /api/stations/:id/messages', () => {
  it('pages the raw frames newest first with filters', async () => {
    // The station keeps talking: page up to a fixed instant, once everything before it is committed.
    const to = encodeURIComponent(new Date().toISOString());
    await new Promise((r) => setTimeout(r, 50));
    await server.committer.flush();
    const all: OcppMessageView[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: Page<OcppMessageView>; status: number } = await viewer.get<Page<OcppMessageView>>(`/api/stations/SIM-A/messages?to=${to}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const total = (await viewer.get<Page<OcppMessageView>>(`/api/stations/SIM-A/messages?to=${to}&limit=1000`)).body;
    expect(total.total).toBe(all.length);
    // The station's CALLs and our answers are stored in pairs and read back as two frames each.
    const { rows } = await server.database.pool.query<{ pairs: number; rows: number }>(
      `select count(*) filter (where answered_at < $1)::int as pairs, count(*)::int as rows from ocpp_messages where station_id = 'SIM-A' and recorded_at < $1`, [new Date(decodeURIComponent(to))]);
    expect(rows[0]!.pairs).toBeGreaterThan(0);
    expect(rows[0]!.rows + rows[0]!.pairs).toBe(all.length);
    expect(all.map((m) => `${m.at}${m.direction}${m.messageId}`)).toEqual(total.items.map((m) => `${m.at}${m.direction}${m.messageId}`));
    expect(all.length).toBeGreaterThan(4);
    expect([...all].sort((a, b) => b.at.localeCompare(a.at)).map((m) => m.at)).toEqual(all.map((m) => m.at));
    const boots = (await viewer.get<Page<OcppMessageView>>('/api/stations/SIM-A/messages?action=BootNotification&direction=in')).body;
    expect(boots.items.length).toBeGreaterThanOrEqual(1);
    expect(boots.items.every((m) => m.action === 'BootNotification' && m.direction === 'in' && m.messageType === 2)).toBe(true);
    expect(JSON.parse(boots.items[0]!.frame)[2]).toBe('BootNotification');
    const future = (await viewer.get<Page<OcppMessageView>>(`/api/stations/SIM-A/messages?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).body;
    expect(future.items).toEqual([]);
    expect((await viewer.get('/api/stations/NOPE/messages')).status).toBe(404);
  });
});
