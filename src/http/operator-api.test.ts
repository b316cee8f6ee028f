import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../test-kit/api.js';
import { SimStation } from '../sim/index.js';
import { startTestServer, type TestServer } from '../test-kit/server.js';
import { testStationOptions } from '../test-kit/test-csms.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await apiClient(server, 'admin');
});
afterAll(async () => server.close());

describe('the operator API as a whole', () => {
  it('declares roles on every route it adds', () => {
    const mine = server.http.fastify.routeRoles.filter((r) => /^\/api\/(stations|sites|sessions|id-tokens|summary|events)|^\/metrics$/.test(r.url));
    expect(mine.length).toBeGreaterThan(25);
    expect(mine.filter((r) => r.roles === undefined)).toEqual([]);
    const roles = (method: string, url: string) => mine.find((r) => r.method === method && r.url === url)?.roles;
    expect(roles('GET', '/api/stations')).toEqual(['admin', 'operator', 'technician', 'viewer']);
    expect(roles('POST', '/api/stations/:id/commands/reset')).toEqual(['admin', 'operator', 'technician']);
    expect(roles('POST', '/api/stations/:id/approve')).toEqual(['admin', 'operator']);
    expect(roles('GET', '/metrics')).toEqual(['admin', 'operator']);
  });

  it('refuses anonymous and driver callers', async () => {
    expect((await server.http.fastify.inject({ method: 'GET', url: '/api/stations' })).statusCode).toBe(401);
    const driver = await apiClient(server, 'driver');
    expect((await driver.get('/api/stations')).status).toBe(403);
    expect((await (await apiClient(server, 'viewer')).get('/metrics')).status).toBe(403);
  });

  it('serves the OpenAPI document and its UI at /docs to everyone', async () => {
    const doc = await server.http.fastify.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json() as { openapi: string; paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/stations']!.get!.parameters!.length).toBeGreaterThan(5);
    expect(spec.paths['/api/stations/{id}/commands/reset']!.post!.requestBody).toBeDefined();
    expect(spec.paths['/api/stations/{id}/commands/reset']!.post!.responses['504']).toBeDefined();
    expect(spec.paths['/api/sessions/{id}/samples']).toBeDefined();
    const ui = await server.http.fastify.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/html/);
  });

  it('exposes Prometheus metrics: connections, frames, handler latency, batches', async () => {
    const sim = new SimStation(testStationOptions(server.stationUrl, 'METRICS-1', '2.0.1'));
    await sim.start();
    try {
      await server.committer.flush();
      const res = await admin.get('/metrics');
      expect(res.status).toBe(200);
      const text = (await server.http.fastify.inject({ method: 'GET', url: '/metrics', headers: admin.headers })).body;
      expect(text).toMatch(/^chargewatch_station_connections 1$/m);
      expect(text).toMatch(/^chargewatch_ocpp_frames_total\{direction="in",action="BootNotification",type="call"\} 1$/m);
      expect(text).toMatch(/^chargewatch_ocpp_frames_total\{direction="out",action="BootNotification",type="result"\} 1$/m);
      expect(text).toMatch(/^chargewatch_handler_seconds_count\{action="BootNotification",outcome="ok"\} 1$/m);
      expect(text).toMatch(/^chargewatch_db_batch_items_count [1-9]\d*$/m);
      expect(text).toMatch(/^chargewatch_sse_clients 0$/m);
      expect(text).toMatch(/^chargewatch_process_cpu_seconds_total /m);
    } finally {
      await sim.stop();
    }
  });

  it('answers unknown API paths with the error shape, not the web app', async () => {
    const res = await admin.get<{ error: { code: string } }>('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
