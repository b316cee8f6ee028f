import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdTokenView, Page } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

let server: TestServer;
let technician: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => server.close());

describe('/api/id-tokens', () => {
  it('adds, lists, pages, changes and deletes tokens', async () => {
    for (const token of ['CARD-3', 'CARD-1', 'CARD-2']) expect((await technician.post('/api/id-tokens', { token, label: `label ${token}` })).status).toBe(201);
    expect((await technician.post('/api/id-tokens', { token: 'card-1' })).status).toBe(409);
    expect((await viewer.post('/api/id-tokens', { token: 'X' })).status).toBe(403);
    expect((await technician.post('/api/id-tokens', { token: 'X', type: 'Bogus' })).status).toBe(400);

    const first = await viewer.get<Page<IdTokenView>>('/api/id-tokens?limit=2');
    expect(first.body).toMatchObject({ total: 3, items: [{ token: 'CARD-1', status: 'accepted', type: 'ISO14443', label: 'label CARD-1' }, { token: 'CARD-2' }] });
    const second = await viewer.get<Page<IdTokenView>>(`/api/id-tokens?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((t) => t.token)).toEqual(['CARD-3']);
    expect(second.body.nextCursor).toBeNull();

    const blocked = await technician.patch<IdTokenView>('/api/id-tokens/card-2', { status: 'blocked', label: null, expiresAt: '2030-01-01T00:00:00Z' });
    expect(blocked.body).toMatchObject({ token: 'CARD-2', status: 'blocked', label: null, expiresAt: '2030-01-01T00:00:00.000Z' });
    expect((await server.services.tokens.authorize('CARD-2', { stationId: 'S' })).status).toBe('Blocked');
    expect((await technician.patch<IdTokenView>('/api/id-tokens/CARD-2', { expiresAt: null })).body.expiresAt).toBeNull();
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens?status=blocked')).body.items.map((t) => t.token)).toEqual(['CARD-2']);
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens?search=label%20card-3')).body.items.map((t) => t.token)).toEqual(['CARD-3']);
    expect((await technician.patch('/api/id-tokens/NOPE', { status: 'blocked' })).status).toBe(404);
    expect((await technician.patch('/api/id-tokens/CARD-2', { status: 'lost' })).status).toBe(400);

    expect((await technician.delete('/api/id-tokens/CARD-3')).status).toBe(204);
    expect((await technician.delete('/api/id-tokens/CARD-3')).status).toBe(404);
    expect((await viewer.get<Page<IdTokenView>>('/api/id-tokens')).body.total).toBe(2);
  });
});
