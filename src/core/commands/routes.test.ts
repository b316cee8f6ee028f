import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, CommandLogEntry, CommandResult, Page, SessionView, StationDetail } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { TestStation } from '../../test-kit/gateway-harness.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';

let server: TestServer;
let technician: ApiClient;
let viewer: ApiClient;
const sims: SimStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

async function sim(id: string, version: '1.6' | '2.0.1'): Promise<SimStation> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { timeScale: 300 }));
  sims.push(s);
  await s.start();
  return s;
}

describe.each(['1.6', '2.0.1'] as const)('commands to a simulated OCPP %s station', (version) => {
  const id = `CMD-${version.replaceAll('.', '')}`;
  const send = (command: string, body?: unknown) => technician.post<CommandResult & ApiError>(`/api/stations/${id}/commands/${command}`, body);

  beforeAll(async () => {
    await sim(id, version);
  });

  it('answers with the station\'s real answer and logs who sent what', async () => {
    const trigger = await send('trigger', { message: 'Heartbeat' });
    expect(trigger.status).toBe(200);
    expect(trigger.body).toMatchObject({ status: 'Accepted', raw: { status: 'Accepted' } });
    expect(trigger.body.durationMs).toBeGreaterThanOrEqual(0);
    expect((await send('clear-cache')).body.status).toBe('Accepted');
    expect((await send('clear-cache', { command: 'clear-cache' })).status).toBe(200);
    expect((await send('availability', { availability: 'inoperative', evseId: 2 })).body.status).toMatch(/Accepted|Scheduled/);
    expect((await send('availability', { availability: 'operative', evseId: 2 })).body.status).toMatch(/Accepted|Scheduled/);
    expect((await send('unlock', { evseId: 2, connectorId: 1 })).body.status).toMatch(/Unlocked|NotSupported/);
    expect((await send('data-transfer', { vendorId: 'chargewatch-sim', messageId: 'echo', data: 'hi' })).body.status).toBe('Accepted');
    const key = version === '1.6' ? 'HeartbeatInterval' : 'OCPPCommCtrlr.HeartbeatInterval';
    expect((await send('change-configuration', { key, value: '120' })).body.status).toBe('Accepted');

    const log = await viewer.get<Page<CommandLogEntry>>(`/api/stations/${id}/commands`);
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(8);
    expect(log.body.items[0]).toMatchObject({ stationId: id, command: 'change-configuration', request: { command: 'change-configuration', key, value: '120' }, status: 'Accepted', error: null });
    expect(log.body.items[0]!.sentBy).toMatch(/^test technician token/);
    expect(log.body.items.at(-1)).toMatchObject({ command: 'trigger', id: trigger.body.id });
    const first = await viewer.get<Page<CommandLogEntry>>(`/api/stations/${id}/commands?limit=5`);
    const rest = await viewer.get<Page<CommandLogEntry>>(`/api/stations/${id}/commands?limit=5&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...rest.body.items].map((e) => e.id)).toEqual(log.body.items.map((e) => e.id));
    expect(rest.body.nextCursor).toBeNull();
  });

  it('reads the configuration and keeps it on the station detail', async () => {
    const res = await send('get-configuration', {});
    expect(res.status).toBe(200);
    expect(res.body.configuration!.length).toBeGreaterThan(3);
    expect(Array.isArray(res.body.unknownKeys)).toBe(true);
    const only = await send('get-configuration', { keys: [version === '1.6' ? 'HeartbeatInterval' : 'OCPPCommCtrlr.HeartbeatInterval', version === '1.6' ? 'NoSuchKey' : 'NoSuch.Key'] });
    expect(only.body.configuration).toEqual([expect.objectContaining({ value: '120' })]);
    expect(only.body.unknownKeys).toHaveLength(1);
    if (version === '1.6') {
      const detail = await viewer.get<StationDetail>(`/api/stations/${id}`);
      expect(detail.body.configuration).toContainEqual({ key: 'HeartbeatInterval', value: '120', readonly: false });
    }
  });

  it('starts and stops a session remotely', async () => {
    const start = await send('remote-start', { evseId: 1, idToken: 'REMOTE-API' });
    expect(start.body.status).toBe('Accepted');
    const session = await waitUntil(async () => {
      const page = await viewer.get<Page<SessionView>>(`/api/sessions?stationId=${id}&state=active`);
      return page.body.items[0];
    }, 5000, 'remote session');
    expect(session.idToken?.toUpperCase()).toBe('REMOTE-API');
    const stop = await send('remote-stop', { sessionId: session.id });
    expect(stop.body.status).toBe('Accepted');
    await waitUntil(async () => (await viewer.get<SessionView>(`/api/sessions/${session.id}`)).body.state === 'completed' || undefined, 5000, 'stopped');
    const again = await send('remote-stop', { sessionId: session.id });
    expect(again.status).toBe(409);
  });

  it('validates bodies and roles', async () => {
    expect((await send('reset', {})).status).toBe(400);
    expect((await send('reset', { kind: 'medium' })).status).toBe(400);
    expect((await send('reset', { command: 'clear-cache', kind: 'soft' })).status).toBe(400);
    expect((await send('trigger', { message: 'Nonsense' })).status).toBe(400);
    expect((await send('self-destruct', {})).status).toBe(404);
    expect((await viewer.post(`/api/stations/${id}/commands/clear-cache`)).status).toBe(403);
  });
});

describe('commands that fail', () => {
  it('answers 504 for an offline station and logs the failure', async () => {
    await server.services.stations.create({ id: 'OFFLINE-1' });
    const res = await technician.post<ApiError>('/api/stations/OFFLINE-1/commands/reset', { kind: 'soft' });
    expect(res.status).toBe(504);
    expect(res.body.error.code).toBe('station_offline');
    const log = await viewer.get<Page<CommandLogEntry>>('/api/stations/OFFLINE-1/commands');
    expect(log.body.items).toEqual([expect.objectContaining({ command: 'reset', status: null, error: expect.stringMatching(/^station_offline: /), request: { command: 'reset', kind: 'soft' } })]);
  });

  it('answers 404 for an unknown station', async () => {
    expect((await technician.post('/api/stations/NOPE/commands/clear-cache')).status).toBe(404);
  });

  it('answers 502 when the station answers with a CALLERROR, and logs it', async () => {
    // A station under the test's control that refuses every CALL it gets with a CALLERROR.
    const station = await TestStation.connect(`${server.stationUrl}/CMD-ERR`, ['ocpp1.6']);
    const boot = await station.call('b1', 'BootNotification', { chargePointVendor: 'Test', chargePointModel: 'Refuser' }, 10_000);
    expect(boot[2]).toMatchObject({ status: 'Accepted' });
    const answer = technician.post<ApiError>('/api/stations/CMD-ERR/commands/trigger', { message: 'StatusNotification' });
    for (;;) {
      const frame = (await station.next(10_000)) as unknown[];
      if (frame[0] !== 2) continue;
      station.send([4, frame[1], 'NotSupported', 'not here', {}]);
      if (frame[2] === 'TriggerMessage') break;
    }
    const res = await answer;
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'station_error', details: { errorCode: 'NotSupported' } });
    const log = await viewer.get<Page<CommandLogEntry>>('/api/stations/CMD-ERR/commands');
    expect(log.body.items[0]).toMatchObject({ command: 'trigger', status: null, error: expect.stringMatching(/^station_error: .*NotSupported/) });
    expect(server.gateway.connection('CMD-ERR')?.isOpen).toBe(true);
    await station.close();
  });

});
