import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, SessionCostAnswer, SiteView, TariffAssignmentView, TariffView } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

let server: TestServer;
let operator: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => server.close());

async function put<T>(client: ApiClient, url: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await server.http.fastify.inject({ method: 'PUT', url, headers: client.headers, payload: body as object });
  return { status: res.statusCode, body: res.json() as T };
}

describe('tariff API', () => {
  it('creates, reads, versions and archives tariffs; viewers only read', async () => {
    const body = {
      name: 'Standard', currency: 'EUR', vatPercent: 19,
      components: { energyPerKwh: 0.39, idlePerMinute: 0.1, idleGraceMinutes: 15, minPrice: 1, periods: [{ days: ['mon', 'tue'], from: '07:00', to: '19:00', energyPerKwh: 0.49 }] },
    };
    expect((await viewer.post('/api/tariffs', body)).status).toBe(403);
    const created = await operator.post<TariffView>('/api/tariffs', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Standard', version: 1, currency: 'EUR', vatPercent: 19, components: { energyPerKwh: 0.39, chargingPerMinute: 0, minPrice: 1, maxPrice: null } });
    const id = created.body.id;
    expect((await viewer.get<TariffView>(`/api/tariffs/${id}`)).body.name).toBe('Standard');
    expect((await viewer.patch(`/api/tariffs/${id}`, { name: 'x' })).status).toBe(403);
    const changed = await operator.patch<TariffView>(`/api/tariffs/${id}`, { components: { energyPerKwh: 0.42 } });
    expect(changed.body).toMatchObject({ version: 2, components: { energyPerKwh: 0.42, idlePerMinute: 0.1 } });
    expect((await viewer.get<TariffView[]>('/api/tariffs')).body.map((t) => t.name)).toEqual(['Standard']);
    expect((await operator.delete(`/api/tariffs/${id}`)).status).toBe(204);
    expect((await viewer.get<TariffView[]>('/api/tariffs')).body).toEqual([]);
    expect((await viewer.get<TariffView[]>('/api/tariffs?archived=true')).body[0]).toMatchObject({ id, archived: true });
    expect((await operator.patch(`/api/tariffs/${id}`, { name: 'again' })).status).toBe(409);
    expect((await viewer.get('/api/tariffs/5e0c6a2e-5f2b-4f7e-9a57-3b8f1b6f0d11')).status).toBe(404);
  });

  it('refuses malformed tariffs', async () => {
    const bad = await operator.post<ApiError>('/api/tariffs', { name: 'X', currency: 'EUR', components: { minPrice: 3, maxPrice: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/minPrice/);
    expect((await operator.post('/api/tariffs', { name: 'X', currency: 'EURO' })).status).toBe(400);
    expect((await operator.post('/api/tariffs', { name: 'X', currency: 'EUR', components: { energyPerKwh: -1 } })).status).toBe(400);
    expect((await operator.post('/api/tariffs', { name: 'X', currency: 'EUR', components: { periods: [{ days: ['someday'], from: '07:00', to: '08:00' }] } })).status).toBe(400);
    expect((await operator.post('/api/tariffs', { name: 'X', currency: 'EUR', components: { periods: [{ from: '7am', to: '08:00' }] } })).status).toBe(400);
  });

  it('assigns tariffs to scopes and removes assignments', async () => {
    const tariff = (await operator.post<TariffView>('/api/tariffs', { name: 'Site tariff', currency: 'EUR' })).body;
    const site = (await operator.post<SiteView>('/api/sites', { name: 'Quay' })).body;
    expect((await put(viewer, '/api/tariff-assignments', { scope: 'site', scopeId: site.id, tariffId: tariff.id })).status).toBe(403);
    const set = await put<TariffAssignmentView[]>(operator, '/api/tariff-assignments', { scope: 'site', scopeId: site.id, tariffId: tariff.id });
    expect(set.status).toBe(200);
    expect(set.body).toEqual([{ scope: 'site', scopeId: site.id, tariffId: tariff.id, tariffName: 'Site tariff' }]);
    await put(operator, '/api/tariff-assignments', { scope: 'default', tariffId: tariff.id });
    expect((await viewer.get<TariffAssignmentView[]>('/api/tariff-assignments')).body.map((a) => a.scope)).toEqual(['default', 'site']);
    expect((await put(operator, '/api/tariff-assignments', { scope: 'station', scopeId: 'NOPE', tariffId: tariff.id })).status).toBe(404);
    expect((await put(operator, '/api/tariff-assignments', { scope: 'planet', scopeId: 'x', tariffId: tariff.id })).status).toBe(400);
    expect((await put<TariffAssignmentView[]>(operator, '/api/tariff-assignments', { scope: 'site', scopeId: site.id, tariffId: null })).body.map((a) => a.scope)).toEqual(['default']);
  });

  it('answers 404 for the cost of an unknown session', async () => {
    expect((await viewer.get<SessionCostAnswer>('/api/sessions/424242/cost')).status).toBe(404);
  });
});
