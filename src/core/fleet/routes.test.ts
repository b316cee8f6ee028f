import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetSummaryView, PowerHistory } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';

let server: TestServer;
let viewer: ApiClient;
const sims: SimStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

async function sim(id: string): Promise<SimStation> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, '1.6', { timeScale: 300 }));
  sims.push(s);
  await s.start();
  return s;
}

const summary = async () => (await viewer.get<FleetSummaryView>('/api/summary')).body;

describe('GET /api/summary', () => {
  it('counts the fleet live and lists what needs attention', async () => {
    expect(await summary()).toMatchObject({ stations: 0, online: 0, onlinePercent: 0, powerW: 0, energyTodayWh: 0, attention: [] });
    await server.services.stations.create({ id: 'FLEET-NEW' });
    await server.services.stations.create({ id: 'FLEET-PENDING', admission: 'pending' });
    const charging = await sim('FLEET-CHARGE');
    const faulty = await sim('FLEET-FAULT');
    const gone = await sim('FLEET-GONE');
    await gone.stop();
    faulty.injectFault(2, 'GroundFailure');
    charging.plugIn(1, { idToken: 'FLEET-TAG', socStart: 20, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 });

    const s = await waitUntil(async () => {
      const v = await summary();
      return v.powerW > 0 && v.connectorsByStatus.Faulted === 1 && v.energyTodayWh > 0 ? v : undefined;
    }, 15_000, 'charging, fault and energy');
    expect(s).toMatchObject({ stations: 5, online: 2, offline: 3, pending: 1, onlinePercent: 40, activeSessions: 1, chargingNow: 1 });
    expect(s.connectorsByStatus).toMatchObject({ Charging: 1, Faulted: 1 });
    expect(s.attention.map((a) => [a.stationId, a.reason])).toEqual([['FLEET-FAULT', 'faulted'], ['FLEET-GONE', 'offline'], ['FLEET-PENDING', 'pending']]);
    expect(s.attention[0]!.detail).toMatch(/GroundFailure/);
    expect(s.attention[1]!.since).not.toBeNull();
  });
});

describe('GET /api/summary/power', () => {
  it('returns per-minute fleet power points', async () => {
    const res = await viewer.get<PowerHistory>('/api/summary/power?hours=1');
    expect(res.status).toBe(200);
    expect(res.body.points.length).toBeGreaterThanOrEqual(1);
    for (const [t, w] of res.body.points) {
      expect(t % 60_000).toBe(0);
      expect(w).toBeGreaterThanOrEqual(0);
    }
    expect((await viewer.get('/api/summary/power?hours=0')).status).toBe(400);
    expect((await viewer.get('/api/summary/power?hours=1000')).status).toBe(400);
    expect((await viewer.get<PowerHistory>('/api/summary/power')).status).toBe(200);
  });
});
