import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent, SessionProgressView, SessionView } from '../../src/http/api-types.js';
import { SimStation } from '../../src/sim/index.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { openEventStream, type SseStream } from '../../src/test-kit/sse.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
let api: ApiClient;
const sims: SimStation[] = [];
const streams: SseStream[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = await apiClient(server, 'viewer');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

/** 1.6 as an AC station (no charging needs); 2.0.1 as a DC station whose EV states its needs. */
const setups = [
  { version: '1.6', kind: 'AC', maxPowerW: 22_000 },
  { version: '2.0.1', kind: 'DC', maxPowerW: 50_000 },
] as const;

describe.each(setups)('live progress of an OCPP $version $kind session', ({ version, kind, maxPowerW }) => {
  const id = `PROG-${version.replaceAll('.', '')}`;

  it('shows rising energy, peak ≥ average and a time to full on the API, and pushes session.progress', async () => {
    const sim = new SimStation(testStationOptions(server.stationUrl, id, version, { connectors: 1, kind, maxPowerW, timeScale: 300 }));
    sims.push(sim);
    await sim.start();
    const stream = await openEventStream(`${server.httpUrl}/api/events?types=session.progress&stationId=${id}`, api.headers);
    streams.push(stream);
    expect(stream.status).toBe(200);

    expect(sim.plugIn(1, { idToken: 'PROG-TAG', socStart: 20, capacityWh: 60_000, targetSoc: 90, maxPowerW, departAfterS: 1e9 })).toBe(true);
    const row = await waitUntil(() => server.database.db.selectFrom('sessions').select('id').where('station_id', '=', id).where('state', '=', 'active').executeTakeFirst(), 5_000, 'session started');
    const progressOf = async (): Promise<SessionProgressView | undefined> => {
      const res = await api.get<SessionView>(`/api/sessions/${row.id}`);
      expect(res.status).toBe(200);
      return res.body.progress ?? undefined;
    };

    const first = await waitUntil(async () => {
      const p = await progressOf();
      return p && p.energyWh > 0 && p.eta.toFull ? p : undefined;
    }, 15_000, 'progress with an ETA');
    const later = await waitUntil(async () => {
      const p = await progressOf();
      return p && p.energyWh > first.energyWh + 500 ? p : undefined;
    }, 15_000, 'energy rising');

    for (const p of [first, later]) {
      expect(p.powerW).toBeGreaterThan(0);
      expect(p.peakPowerW!).toBeGreaterThanOrEqual(p.averagePowerW!);
      expect(p.averagePowerW).toBeGreaterThan(0);
      expect(p.soc).toBeGreaterThan(20);
      expect(p.eta.method).toBe('soc-slope');
      expect(Date.parse(p.eta.toFull!)).toBeGreaterThanOrEqual(Date.parse(p.asOf));
      expect(p.chargingS).toBeGreaterThan(0);
      expect(p.elapsedS).toBeGreaterThanOrEqual(p.chargingS);
    }
    expect(later.soc!).toBeGreaterThan(first.soc!);
    if (version === '2.0.1') {
      // The DC EV said it wants 90 %: the time to that target comes before the time to full.
      expect(later.targetSoc).toBe(90);
      expect(Date.parse(later.eta.toTarget!)).toBeLessThan(Date.parse(later.eta.toFull!));
      const stored = await server.database.db.selectFrom('sessions').select(['target_soc', 'ev_capacity_wh', 'ev_max_power_w']).where('id', '=', row.id).executeTakeFirstOrThrow();
      expect(stored).toEqual({ target_soc: 90, ev_capacity_wh: 60_000, ev_max_power_w: maxPowerW });
    } else {
      expect(later.targetSoc).toBeNull();
      expect(later.eta.toTarget).toBeUndefined();
    }

    const pushed = await stream.next((m) => m.event === 'session.progress' && (JSON.parse(m.data) as LiveEvent).sessionId === row.id, 10_000);
    const event = JSON.parse(pushed.data) as LiveEvent;
    expect(pushed.id).toBeUndefined();
    expect(event).toMatchObject({ type: 'session.progress', stationId: id, sessionId: row.id });
    expect(event.data).toMatchObject({ sessionId: row.id, eta: { method: expect.any(String) } });
    expect(typeof event.data.energyWh).toBe('number');

    expect(sim.stopCharging(1)).toBe(true);
    await waitUntil(async () => (await api.get<SessionView>(`/api/sessions/${row.id}`)).body.state === 'completed', 5_000, 'session stopped');
    const done = await api.get<SessionView>(`/api/sessions/${row.id}`);
    expect(done.body.progress).toBeNull();
  });
});
