import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdTokenUsageView, IdTokenView, Page, TokenGroupView, TokenImportReport } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

let server: TestServer;
let operator: ApiClient;
let technician: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => server.close());

describe('/api/id-tokens', () => {
  it('adds, lists, pages, changes and deletes tokens', async () => {
    for (const token of ['CARD-3', 'CARD-1', 'CARD-2']) expect((await operator.post('/api/id-tokens', { token, label: `label ${token}` })).status).toBe(201);
    expect((await operator.post('/api/id-tokens', { token: 'card-1' })).status).toBe(409);
    expect((await viewer.post('/api/id-tokens', { token: 'X' })).status).toBe(403);
    expect((await technician.post('/api/id-tokens', { token: 'X' })).status).toBe(403);
    expect((await operator.post('/api/id-tokens', { token: 'X', type: 'Bogus' })).status).toBe(400);

    const first = await viewer.get<Page<IdTokenView>>('/api/id-tokens?limit=2');
    expect(first.body).toMatchObject({ total: 3, items: [{ token: 'CARD-1', status: 'accepted', type: 'ISO14443', label: 'label CARD-1', ocpp16: true }, { token: 'CARD-2' }] });
    const second = await viewer.get<Page<IdTokenView>>(`/api/id-tokens?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((t) => t.token)).toEqual(['CARD-3']);
    expect(second.body.nextCursor).toBeNull();

    const blocked = await technician.patch<IdTokenView>('/api/id-tokens/card-2', { status: 'blocked' });
    expect(blocked.body).toMatchObject({ token: 'CARD-2', status: 'blocked' });
    expect((await technician.patch('/api/id-tokens/card-2', { status: 'accepted', label: 'mine now' })).status).toBe(403);
    const changed = await operator.patch<IdTokenView>('/api/id-tokens/card-2', { label: null, expiresAt: '2030-01-01T00:00:00Z', monthlySessions: 10 });
    expect(changed.body).toMatchObject({ status: 'blocked', label: null, expiresAt: '2030-01-01T00:00:00.000Z', monthlySessions: 10 });
    expect((await server.services.tokens.authorize('CARD-2', { stationId: 'S' })).status).toBe('Blocked');
    expect((await operator.patch<IdTokenView>('/api/id-tokens/CARD-2', { expiresAt: null })).body.expiresAt).toBeNull();
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens?status=blocked')).body.items.map((t) => t.token)).toEqual(['CARD-2']);
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens?search=label%20card-3')).body.items.map((t) => t.token)).toEqual(['CARD-3']);
    expect((await viewer.get<IdTokenView>('/api/id-tokens/card-3')).body.token).toBe('CARD-3');
    expect((await operator.patch('/api/id-tokens/NOPE', { status: 'blocked' })).status).toBe(404);
    expect((await operator.patch('/api/id-tokens/CARD-2', { status: 'lost' })).status).toBe(400);

    expect((await technician.delete('/api/id-tokens/CARD-3')).status).toBe(403);
    expect((await operator.delete('/api/id-tokens/CARD-3')).status).toBe(204);
    expect((await operator.delete('/api/id-tokens/CARD-3')).status).toBe(404);
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens')).body.total).toBe(2);
  });

  it('imports CSV as text/csv or JSON, reports rejected rows, and exports', async () => {
    const csv = '\uFEFFtoken,type,group\r\nIMP-1,Central,DEPOT\r\n"IMP-2",KeyCode,DEPOT\r\nIMP-3,Central,\r\n';
    const res = await server.http.fastify.inject({ method: 'POST', url: '/api/id-tokens/import', headers: { ...operator.headers, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(200);
    expect(res.json<TokenImportReport>()).toEqual({ added: 2, updated: 0, rejected: [{ line: 3, token: 'IMP-2', reason: expect.stringMatching(/KeyCode/) }] });
    const json = await operator.post<TokenImportReport>('/api/id-tokens/import', { csv: 'token,label\nimp-1,first\n' });
    expect(json.body).toEqual({ added: 0, updated: 1, rejected: [] });
    expect((await technician.post('/api/id-tokens/import', { csv: 'token\nT1' })).status).toBe(403);
    expect((await operator.post('/api/id-tokens/import', { csv: 'colour\nred' })).status).toBe(400);

    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens?group=depot&type=Central')).body.items.map((t) => t.token)).toEqual(['IMP-1']);
    expect((await viewer.get<TokenGroupView[]>('/api/id-tokens/groups')).body).toContainEqual({ groupId: 'DEPOT', tokens: 1 });

    const exported = await server.http.fastify.inject({ method: 'GET', url: '/api/id-tokens/export?format=csv', headers: viewer.headers });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    expect(exported.body.split('\r\n')[0]).toBe('token,type,status,expires_at,group,label,driver_email');
    expect(exported.body).toContain('IMP-1,Central,accepted,,DEPOT,first,\r\n');
  });

  it("shows a token's monthly use", async () => {
    const usage = await viewer.get<IdTokenUsageView>('/api/id-tokens/IMP-1/usage?timeZone=Europe/Paris');
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ token: 'IMP-1', sessions: 0, energyWh: 0, activeSessions: 0 });
    expect((await viewer.get('/api/id-tokens/IMP-1/usage?timeZone=Nowhere/Land')).status).toBe(400);
    expect((await viewer.get('/api/id-tokens/NOPE/usage')).status).toBe(404);
  });
});
