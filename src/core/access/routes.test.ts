import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessRuleView, SiteView } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

let server: TestServer;
let operator: ApiClient;
let technician: ApiClient;
let viewer: ApiClient;
let siteId: string;

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
  siteId = (await operator.post<SiteView>('/api/sites', { name: 'Harbour Park', timezone: 'Europe/Berlin' })).body.id;
  expect((await operator.post('/api/stations', { id: 'AR-1', siteId })).status).toBe(201);
});
afterAll(async () => server.close());

const audited = async (action: string) => (await server.database.db.selectFrom('audit_log').select(['target', 'detail']).where('action', '=', action).execute());

describe('/api/sites/:id/access and /api/stations/:id/access', () => {
  it('reads public by default, sets a site rule that the station follows, then a station rule that replaces it', async () => {
    expect((await viewer.get<AccessRuleView>(`/api/sites/${siteId}/access`)).body).toMatchObject({ mode: 'public', source: 'default', groupIds: [] });
    expect((await viewer.get<AccessRuleView>('/api/stations/AR-1/access')).body).toMatchObject({ mode: 'public', source: 'default' });

    const set = await operator.put<AccessRuleView>(`/api/sites/${siteId}/access`, { mode: 'private', groupIds: ['FLEET-A', 'FLEET-A', ' '], tokens: ['GUEST-1'] });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ mode: 'private', source: 'site', groupIds: ['FLEET-A'], tokens: ['GUEST-1'], driverIds: [], updatedBy: expect.any(String) });
    expect((await viewer.get<AccessRuleView>('/api/stations/AR-1/access')).body).toMatchObject({ mode: 'private', source: 'site', groupIds: ['FLEET-A'] });

    const own = await operator.put<AccessRuleView>('/api/stations/AR-1/access', { mode: 'schedule', schedule: { mon: [['07:00', '19:00']] }, outside: 'listed', groupIds: ['NIGHT'] });
    expect(own.body).toMatchObject({ mode: 'schedule', source: 'station', schedule: { mon: [['07:00', '19:00']] }, outside: 'listed', groupIds: ['NIGHT'] });
    expect((await viewer.get<AccessRuleView>('/api/stations/AR-1/access')).body.source).toBe('station');

    expect((await operator.put<AccessRuleView>('/api/stations/AR-1/access', { mode: 'inherit' })).body).toMatchObject({ mode: 'private', source: 'site' });
    expect((await operator.put<AccessRuleView>(`/api/sites/${siteId}/access`, { mode: 'inherit' })).body).toMatchObject({ mode: 'public', source: 'default' });

    expect((await audited('access-rule.site')).map((r) => r.target)).toEqual([siteId, siteId]);
    expect((await audited('access-rule.station')).map((r) => r.target)).toEqual(['AR-1', 'AR-1']);
  });

  it('lets only admins and operators change rules; everyone on the staff reads them', async () => {
    expect((await technician.put(`/api/sites/${siteId}/access`, { mode: 'private' })).status).toBe(403);
    expect((await viewer.put('/api/stations/AR-1/access', { mode: 'private' })).status).toBe(403);
    expect((await technician.get('/api/stations/AR-1/access')).status).toBe(200);
  });

  it('refuses malformed rules and unknown places, storing nothing', async () => {
    for (const body of [
      { mode: 'open' }, { mode: 'schedule' }, { mode: 'schedule', schedule: { mon: [['19:00', '07:00']] } }, { mode: 'schedule', schedule: { funday: [['07:00', '19:00']] } },
      { mode: 'private', groupIds: ['x'.repeat(37)] }, { mode: 'schedule', schedule: { mon: [['7:00', '19:00']] } }, { mode: 'private', outside: 'all' },
    ]) {
      expect((await operator.put(`/api/sites/${siteId}/access`, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await viewer.get<AccessRuleView>(`/api/sites/${siteId}/access`)).body.source).toBe('default');
    expect((await operator.put('/api/sites/00000000-0000-4000-8000-000000000000/access', { mode: 'public' })).status).toBe(404);
    expect((await operator.put('/api/stations/NOPE/access', { mode: 'public' })).status).toBe(404);
    expect((await viewer.get('/api/stations/NOPE/access')).status).toBe(404);
    expect(await server.database.db.selectFrom('access_rules').selectAll().execute()).toEqual([]);
  });
});
