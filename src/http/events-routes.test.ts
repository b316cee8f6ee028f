import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent, SiteView } from './api-types.js';
import { SimStation } from '../sim/index.js';
import { apiClient, type ApiClient } from '../test-kit/api.js';
import { openEventStream, type SseMessage, type SseStream } from '../test-kit/sse.js';
import { startTestServer, type TestServer } from '../test-kit/server.js';
import { testStationOptions } from '../test-kit/test-csms.js';

let server: TestServer;
let viewer: ApiClient;
const sims: SimStation[] = [];
const streams: SseStream[] = [];

beforeAll(async () => {
  server = await startTestServer();
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

async function open(query: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const stream = await openEventStream(`${server.httpUrl}/api/events${query}`, { ...viewer.headers, ...headers });
  streams.push(stream);
  return stream;
}

const live = (m: SseMessage): LiveEvent => JSON.parse(m.data) as LiveEvent;
const isStatus = (stationId: string, status: string) => (m: SseMessage) => m.event === 'connector.status' && live(m).stationId === stationId && live(m).data.status === status;

describe('GET /api/events', () => {
  it('needs a role that may read', async () => {
    const anonymous = await openEventStream(`${server.httpUrl}/api/events`);
    expect(anonymous.status).toBe(401);
    anonymous.close();
  });

  it('pushes a StatusNotification of a simulated station as it happens', async () => {
    const stream = await open('?types=connector.,station.');
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(server.http.fastify.hasRoute({ method: 'GET', url: '/api/events' })).toBe(true);
    const sim = new SimStation(testStationOptions(server.stationUrl, 'SSE-1', '1.6'));
    sims.push(sim);
    await sim.start();
    const connected = await stream.next((m) => m.event === 'station.connected' && live(m).stationId === 'SSE-1');
    expect(connected.id).toMatch(/^\d+$/);
    const available = await stream.next(isStatus('SSE-1', 'Available'));
    expect(live(available)).toMatchObject({ type: 'connector.status', stationId: 'SSE-1', data: { status: 'Available' } });
    expect(available.id).toBe(live(available).id);

    const before = Date.now();
    sim.injectFault(1, 'GroundFailure');
    const faulted = await stream.next(isStatus('SSE-1', 'Faulted'));
    expect(Date.now() - before).toBeLessThan(1000);
    expect(live(faulted).data).toMatchObject({ evseId: 1, errorCode: 'GroundFailure' });
    expect(stream.messages.every((m) => m.event === undefined || m.event.startsWith('connector.') || m.event.startsWith('station.'))).toBe(true);
    sim.clearFault(1);
  });

  it('filters by station and by site', async () => {
    const site = (await (await apiClient(server, 'operator')).post<SiteView>('/api/sites', { name: 'Stream site' })).body;
    await server.services.stations.create({ id: 'SSE-SITE', siteId: site.id });
    const bySite = await open(`?siteId=${site.id}&types=connector.`);
    const byOther = await open('?stationId=SSE-1&types=connector.');
    const sim = new SimStation(testStationOptions(server.stationUrl, 'SSE-SITE', '2.0.1'));
    sims.push(sim);
    await sim.start();
    await bySite.next(isStatus('SSE-SITE', 'Available'));
    expect(bySite.messages.filter((m) => m.event).every((m) => live(m).stationId === 'SSE-SITE')).toBe(true);
    expect(byOther.messages.some((m) => m.event && live(m).stationId === 'SSE-SITE')).toBe(false);
  });

  it('resumes with Last-Event-ID: the durable events missed meanwhile come first', async () => {
    const first = await open('?stationId=SSE-1&types=connector.');
    const sim = sims[0]!;
    sim.injectFault(2, 'HighTemperature');
    const seen = await first.next(isStatus('SSE-1', 'Faulted'));
    first.close();
    sim.clearFault(2);
    sim.injectFault(1, 'OverVoltage');
    // Wait until both changes are stored (the live view follows committed events).
    const deadline = Date.now() + 5000;
    while (server.services.live.station('SSE-1')?.connectors[0]?.errorCode !== 'OverVoltage' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const resumed = await open('?stationId=SSE-1&types=connector.', { 'last-event-id': seen.id! });
    const missedClear = await resumed.next(isStatus('SSE-1', 'Available'));
    const missedFault = await resumed.next((m) => isStatus('SSE-1', 'Faulted')(m) && live(m).data.errorCode === 'OverVoltage');
    expect(BigInt(missedClear.id!)).toBeGreaterThan(BigInt(seen.id!));
    expect(BigInt(missedFault.id!)).toBeGreaterThan(BigInt(missedClear.id!));
    expect(resumed.messages.some((m) => m.id === seen.id)).toBe(false);
    const ids = resumed.messages.filter((m) => m.id).map((m) => m.id!);
    expect(new Set(ids).size).toBe(ids.length);
    sim.clearFault(1);
    await resumed.next((m) => isStatus('SSE-1', 'Available')(m) && BigInt(m.id!) > BigInt(missedFault.id!));
  });

  it('counts connected clients in /metrics (four streams are open here)', async () => {
    const admin = await apiClient(server, 'admin');
    const text = (await server.http.fastify.inject({ method: 'GET', url: '/metrics', headers: admin.headers })).body;
    expect(Number(/^chargewatch_sse_clients (\d+)$/m.exec(text)?.[1])).toBe(4);
  });
});
