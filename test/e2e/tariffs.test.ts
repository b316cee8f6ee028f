import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionCost, SessionCostAnswer, SessionView, SiteView, TariffView } from '../../src/http/api-types.js';
import { SimStation } from '../../src/sim/index.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
let operator: ApiClient;
let tariff: TariffView;
let site: SiteView;
const sims: SimStation[] = [];

const PRICE = 0.35;
const FEE = 0.5;
const VAT = 19;
/** The rule the API documents: energy rounded half-up to cents, plus the fee; VAT on the net, rounded once. */
function expected(energyWh: number): { net: number; vat: number; total: number } {
  const net = Math.floor(Number(((energyWh / 1000) * PRICE * 100).toPrecision(12)) + 0.5) + FEE * 100;
  const vat = Math.floor(Number(((net * VAT) / 100).toPrecision(12)) + 0.5);
  return { net: net / 100, vat: vat / 100, total: (net + vat) / 100 };
}

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  site = (await operator.post<SiteView>('/api/sites', { name: 'Tariff depot', timezone: 'Europe/Paris' })).body;
  tariff = (await operator.post<TariffView>('/api/tariffs', { name: 'Depot AC', currency: 'EUR', vatPercent: VAT, components: { energyPerKwh: PRICE, sessionFee: FEE } })).body;
  const assigned = await server.http.fastify.inject({ method: 'PUT', url: '/api/tariff-assignments', headers: operator.headers, payload: { scope: 'site', scopeId: site.id, tariffId: tariff.id } });
  expect(assigned.statusCode).toBe(200);
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

const costOf = async (id: number): Promise<SessionCost | null> => (await operator.get<SessionCostAnswer>(`/api/sessions/${id}/cost`)).body.cost;

describe.each(['1.6', '2.0.1'] as const)('cost of a session on a simulated OCPP %s station', (version) => {
  it('rises while the session runs and ends at the tariff formula applied to the recorded energy', async () => {
    const id = `TARIFF-${version.replaceAll('.', '')}`;
    expect((await operator.post('/api/stations', { id, siteId: site.id })).status).toBe(201);
    const sim = new SimStation(testStationOptions(server.stationUrl, id, version, { timeScale: 300, meterIntervalS: 30 }));
    sims.push(sim);
    await sim.start();
    await waitUntil(() => server.services.live.station(id)?.online || undefined, 5000, 'station online');
    expect(sim.plugIn(1, { idToken: 'TARIFF-TAG', socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 })).toBe(true);
    const session = await waitUntil(async () => (await operator.get<{ items: SessionView[] }>(`/api/sessions?stationId=${id}&state=active`)).body.items[0], 5000, 'session started');

    const first = await waitUntil(async () => {
      const c = await costOf(session.id);
      return c && c.total > 0.5 ? c : undefined;
    }, 15_000, 'cost so far above the session fee');
    expect(first).toMatchObject({ final: false, currency: 'EUR', tariffId: tariff.id, tariffName: 'Depot AC', tariffVersion: 1 });
    const later = await waitUntil(async () => {
      const c = await costOf(session.id);
      return c && c.total > first.total ? c : undefined;
    }, 15_000, 'cost so far rising');
    expect(later.breakdown.find((l) => l.component === 'energy')!.quantity).toBeGreaterThan(first.breakdown.find((l) => l.component === 'energy')!.quantity);
    const view = (await operator.get<SessionView>(`/api/sessions/${session.id}`)).body;
    expect(view.cost).toMatchObject({ final: false, tariffId: tariff.id });

    expect(sim.stopCharging(1)).toBe(true);
    const final = await waitUntil(async () => {
      const c = await costOf(session.id);
      return c?.final ? c : undefined;
    }, 10_000, 'final cost');
    const done = (await operator.get<SessionView>(`/api/sessions/${session.id}`)).body;
    expect(done.state).toBe('completed');
    expect(done.energyWh).toBeGreaterThan(0);
    expect(final).toMatchObject({ ...expected(done.energyWh), currency: 'EUR', vatPercent: VAT, final: true });
    expect(final.breakdown.map((l) => l.component)).toEqual(['energy', 'session_fee']);
    expect(final.breakdown[0]!.quantity).toBeCloseTo(done.energyWh / 1000, 4);
    expect(done.cost).toEqual(final);
    const listed = (await operator.get<{ items: SessionView[] }>(`/api/sessions?stationId=${id}`)).body.items.find((s) => s.id === session.id);
    expect(listed?.cost?.total).toBe(final.total);
  });
});
