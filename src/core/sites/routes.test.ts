import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Page, SiteView, StationDetail, StationListItem } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';

let server: TestServer;
let operator: ApiClient;
let viewer: ApiClient;
let sim: SimStation;

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => {
  await sim?.stop();
  await server.close();
});

describe('sites', () => {
  it('creates, reads, changes and deletes a site; viewers and technicians only read', async () => {
    const body = { name: ' Harbour ', address: 'Quay 1', latitude: 53.5, longitude: 9.9, timezone: 'Europe/Berlin', openingHours: { mon: [['07:00', '22:00']], sat: [] } };
    expect((await viewer.post('/api/sites', body)).status).toBe(403);
    expect((await (await apiClient(server, 'technician')).post('/api/sites', body)).status).toBe(403);
    const created = await operator.post<SiteView>('/api/sites', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Harbour', address: 'Quay 1', latitude: 53.5, longitude: 9.9, timezone: 'Europe/Berlin', openingHours: { mon: [['07:00', '22:00']], sat: [] }, stationCount: 0, onlineCount: 0, powerW: 0, activeSessions: 0 });
    const id = created.body.id;
    expect((await viewer.get<SiteView>(`/api/sites/${id}`)).body.name).toBe('Harbour');
    const changed = await operator.patch<SiteView>(`/api/sites/${id}`, { name: 'Harbour North', address: null, openingHours: {} });
    expect(changed.body).toMatchObject({ name: 'Harbour North', address: null, openingHours: {}, timezone: 'Europe/Berlin' });
    expect((await viewer.get<SiteView[]>('/api/sites')).body.map((s) => s.name)).toEqual(['Harbour North']);
    expect((await operator.delete(`/api/sites/${id}`)).status).toBe(204);
    expect((await viewer.get(`/api/sites/${id}`)).status).toBe(404);
    expect((await operator.delete(`/api/sites/${id}`)).status).toBe(404);
  });

  it('refuses bad time zones, opening hours, positions and ids', async () => {
    const bad = await operator.post<ApiError>('/api/sites', { name: 'X', timezone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/time zone/);
    expect((await operator.post('/api/sites', { name: 'X', openingHours: { mon: [['22:00', '07:00']] } })).status).toBe(400);
    expect((await operator.post('/api/sites', { name: 'X', openingHours: { someday: [] } })).status).toBe(400);
    expect((await operator.post('/api/sites', { name: 'X', openingHours: { mon: [['7am', '9pm']] } })).status).toBe(400);
    expect((await operator.post('/api/sites', { name: 'X', latitude: 100 })).status).toBe(400);
    expect((await operator.post('/api/sites', { name: '' })).status).toBe(400);
    expect((await viewer.get('/api/sites/not-a-uuid')).status).toBe(400);
  });

  it('counts stations, online stations, power and sessions live, and lists the site\'s stations', async () => {
    const site = (await operator.post<SiteView>('/api/sites', { name: 'Depot' })).body;
    expect((await operator.post('/api/stations', { id: 'SITE-OFF', siteId: site.id })).status).toBe(201);
    await server.services.stations.create({ id: 'SITE-ON' });
    expect((await operator.patch<StationDetail>('/api/stations/SITE-ON', { siteId: site.id })).body.siteName).toBe('Depot');
    await server.services.stations.create({ id: 'ELSEWHERE' });
    sim = new SimStation(testStationOptions(server.stationUrl, 'SITE-ON', '1.6', { timeScale: 300 }));
    await sim.start();
    sim.plugIn(1, { idToken: 'SITE-TAG', socStart: 20, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 });
    const view = await waitUntil(async () => {
      const v = (await viewer.get<SiteView>(`/api/sites/${site.id}`)).body;
      return v.onlineCount === 1 && v.activeSessions === 1 && v.powerW > 0 ? v : undefined;
    }, 15_000, 'site live figures');
    expect(view.stationCount).toBe(2);
    expect((await viewer.get<SiteView[]>('/api/sites')).body.find((s) => s.id === site.id)).toMatchObject({ stationCount: 2, onlineCount: 1, activeSessions: 1 });

    const stations = await viewer.get<Page<StationListItem>>(`/api/sites/${site.id}/stations`);
    expect(stations.body.items.map((s) => s.id)).toEqual(['SITE-OFF', 'SITE-ON']);
    expect(stations.body.items.every((s) => s.siteName === 'Depot')).toBe(true);
    expect((await viewer.get<Page<StationListItem>>(`/api/sites/${site.id}/stations?online=true`)).body.items.map((s) => s.id)).toEqual(['SITE-ON']);
    expect((await viewer.get<Page<StationListItem>>(`/api/stations?siteId=${site.id}`)).body.total).toBe(2);

    // Renaming shows in station lists at once; deleting the site leaves its stations without one.
    await operator.patch(`/api/sites/${site.id}`, { name: 'Depot East' });
    expect((await viewer.get<StationDetail>('/api/stations/SITE-ON')).body.siteName).toBe('Depot East');
    expect((await operator.delete(`/api/sites/${site.id}`)).status).toBe(204);
    expect((await viewer.get<StationDetail>('/api/stations/SITE-ON')).body).toMatchObject({ siteId: null, siteName: null });
    expect((await viewer.get<Page<StationListItem>>('/api/stations?search=SITE-')).body.items.every((s) => s.siteId === null)).toBe(true);
  });
});
