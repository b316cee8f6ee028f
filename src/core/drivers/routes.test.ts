import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverView, IdTokenView, Page } from '../../http/api-types.js';
import { apiClient, userClient, type ApiClient } from '../../test-kit/api.js';
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

describe('/api/drivers', () => {
  it('adds, lists, changes and deletes drivers with or without an account', async () => {
    const anna = await operator.post<DriverView>('/api/drivers', { name: ' Anna Berg ', email: 'anna@example.com', phone: '+46 70 123 45 67' });
    expect(anna.status).toBe(201);
    expect(anna.body).toMatchObject({ name: 'Anna Berg', email: 'anna@example.com', userId: null, tokenCount: 0 });
    expect((await operator.post('/api/drivers', { name: 'Other', email: 'ANNA@example.com' })).status).toBe(409);
    expect((await operator.post('/api/drivers', { name: 'Bad', email: 'no-at-sign' })).status).toBe(400);
    expect((await operator.post('/api/drivers', { name: '' })).status).toBe(400);
    expect((await viewer.post('/api/drivers', { name: 'Nope' })).status).toBe(403);

    const account = await userClient(server, 'driver', 'bo-driver');
    const bo = await operator.post<DriverView>('/api/drivers', { name: 'Bo', userId: account.userId });
    expect(bo.body).toMatchObject({ userId: account.userId, username: 'bo-driver' });
    expect((await operator.post('/api/drivers', { name: 'Bo again', userId: account.userId })).status).toBe(409);
    const staff = await userClient(server, 'technician');
    expect((await operator.post('/api/drivers', { name: 'Tech', userId: staff.userId })).status).toBe(400);
    expect((await operator.post('/api/drivers', { name: 'Ghost', userId: 'no-such-user' })).status).toBe(400);

    expect((await viewer.get<Page<DriverView>>('/api/drivers?search=berg')).body.items.map((d) => d.name)).toEqual(['Anna Berg']);
    expect((await operator.patch<DriverView>(`/api/drivers/${anna.body.id}`, { phone: null, notes: 'fleet manager' })).body).toMatchObject({ phone: null, notes: 'fleet manager' });
    expect((await operator.patch('/api/drivers/nope', { notes: 'x' })).status).toBe(404);

    expect((await operator.post('/api/id-tokens', { token: 'ANNA-CARD', driverId: anna.body.id })).status).toBe(201);
    expect((await operator.post('/api/id-tokens', { token: 'BO-CARD' })).status).toBe(201);
    expect((await operator.post('/api/id-tokens', { token: 'GHOST-CARD', driverId: 'no-such-driver' })).status).toBe(400);
    expect((await operator.put<IdTokenView>(`/api/drivers/${bo.body.id}/tokens/bo-card`)).body).toMatchObject({ token: 'BO-CARD', driverId: bo.body.id, driverName: 'Bo' });
    expect((await operator.put(`/api/drivers/${bo.body.id}/tokens/NOPE`)).status).toBe(404);
    expect((await viewer.get<IdTokenView[]>(`/api/drivers/${anna.body.id}/tokens`)).body.map((t) => t.token)).toEqual(['ANNA-CARD']);
    expect((await viewer.get<Page<IdTokenView>>(`/api/id-tokens?driverId=${bo.body.id}`)).body.items.map((t) => t.token)).toEqual(['BO-CARD']);
    expect((await viewer.get<DriverView>(`/api/drivers/${anna.body.id}`)).body.tokenCount).toBe(1);

    // A driver sees their own tokens and nobody else's; staff cannot use the driver route.
    expect((await account.get<IdTokenView[]>('/api/me/tokens')).body.map((t) => t.token)).toEqual(['BO-CARD']);
    expect((await account.get('/api/id-tokens')).status).toBe(403);
    expect((await operator.get('/api/me/tokens')).status).toBe(403);

    expect((await operator.delete(`/api/drivers/${anna.body.id}/tokens/BO-CARD`)).status).toBe(400);
    expect((await operator.delete(`/api/drivers/${bo.body.id}/tokens/BO-CARD`)).status).toBe(204);
    expect((await account.get<IdTokenView[]>('/api/me/tokens')).body).toEqual([]);

    expect((await operator.delete(`/api/drivers/${anna.body.id}`)).status).toBe(204);
    expect((await operator.get(`/api/drivers/${anna.body.id}`)).status).toBe(404);
    expect((await viewer.get<IdTokenView>('/api/id-tokens/ANNA-CARD')).body).toMatchObject({ driverId: null, driverName: null });
  });
});
