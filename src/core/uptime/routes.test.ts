import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceWindowView, Page, PortUptimeView, QuarterlyReportView, StationDetail, StationHealthItem, StationUptimeView, UptimeExclusionView, UptimeList, UptimeMonthView } from '../../http/api-types.js';
import { RULE_CATALOG } from '../alerts/index.js';
import { FakeClock } from '../shared/clock.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { writePortHistory } from '../../test-kit/uptime.js';

let server: TestServer;
let operator: ApiClient;
let technician: ApiClient;
let viewer: ApiClient;
const clock = new FakeClock('2026-04-02T00:00:00Z');

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  operator = await apiClient(server, 'operator');
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
  const db = server.database.db;
  await server.services.stations.create({ id: 'RT-1' });
  // The first status goes through the station service, so the live view knows the connector.
  await server.services.stations.statusChanged('RT-1', { evseId: 1, connectorId: 1, status: 'Available', timestamp: new Date('2026-01-01T00:00:00Z') });
  await db.insertInto('connector_status_history').values([
    { station_id: 'RT-1', evse_id: 1, connector_id: 1, status: 'Faulted', at: '2026-02-10T10:00:00Z', recorded_at: '2026-02-10T10:00:00Z' },
    { station_id: 'RT-1', evse_id: 1, connector_id: 1, status: 'Available', at: '2026-02-10T10:42:00Z', recorded_at: '2026-02-10T10:42:00Z' },
  ]).execute();
  await db.insertInto('station_connections').values({ station_id: 'RT-1', node_id: 'elsewhere', connected_at: '2026-01-01T00:00:00Z', disconnected_at: null }).execute();
});
afterAll(async () => server.close());

describe('uptime routes', () => {
  it('reports ports, stations and sites over a period, saying when the formula is scaled', async () => {
    const ports = await viewer.get<UptimeList<PortUptimeView>>('/api/uptime/ports?from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(ports.status).toBe(200);
    expect(ports.body.period).toMatchObject({ minutes: 28 * 1440, scaled: true });
    expect(ports.body.period.formula).toMatch(/scaled/);
    expect(ports.body.items).toEqual([expect.objectContaining({ stationId: 'RT-1', evseId: 1, minutes: 28 * 1440, downMinutes: 42, tOutage: 42, tExcluded: 0, outageCount: 1 })]);
    expect(ports.body.items[0]!.uptime).toBeCloseTo(((28 * 1440 - 42) / (28 * 1440)) * 100, 3);
    const stations = await viewer.get<UptimeList<StationUptimeView>>('/api/uptime/stations?stationId=RT-1&from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(stations.body.items).toEqual([expect.objectContaining({ stationId: 'RT-1', ports: 1, tOutage: 42 })]);
    expect((await viewer.get('/api/uptime/sites')).status).toBe(200);
    expect((await viewer.get('/api/uptime/ports?from=2026-03-01T00:00:00Z&to=2026-02-01T00:00:00Z')).status).toBe(400);
  });

  it('gives the quarterly report as JSON and CSV, and the months for the chart', async () => {
    const report = await viewer.get<QuarterlyReportView>('/api/uptime/report?quarter=2026-Q1');
    expect(report.body.months).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    const port = report.body.items.find((p) => p.stationId === 'RT-1')!;
    expect(port.months.map((m) => [m.month, m.tOutage, m.tExcluded, m.partial])).toEqual([['2026-01-01', 0, 0, false], ['2026-02-01', 42, 0, false], ['2026-03-01', 0, 0, false]]);
    expect(port.months[2]!.uptime12m).toBeCloseTo(((90 * 1440 - 42) / (90 * 1440)) * 100, 3);
    expect(port.outages).toEqual([{ start: '2026-02-10T10:00:00.000Z', end: '2026-02-10T10:42:00.000Z', minutes: 42, cause: 'faulted', excludedReason: null }]);
    const csv = await server.http.fastify.inject({ method: 'GET', url: '/api/uptime/report?quarter=2026-Q1&format=csv', headers: viewer.headers });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^record,station_id/);
    expect(lines).toContain('outage,RT-1,,1,,2026-Q1,,,,,2026-02-10T10:00:00.000Z,2026-02-10T10:42:00.000Z,42,faulted,');
    expect(lines.filter((l) => l.startsWith('month,RT-1'))).toHaveLength(3);
    expect((await viewer.get('/api/uptime/report?quarter=2026-Q5')).status).toBe(400);
    const months = await viewer.get<UptimeMonthView[]>('/api/uptime/monthly?stationId=RT-1&months=3');
    expect(months.body.map((m) => [m.month, m.partial, m.tOutage])).toEqual([['2026-02-01', false, 42], ['2026-03-01', false, 0], ['2026-04-01', true, 0]]);
  });

  it('lets technicians start and end maintenance but not schedule it; the station shows the port in maintenance', async () => {
    expect((await viewer.post('/api/maintenance-windows', { stationId: 'RT-1', reason: 'x' })).status).toBe(403);
    expect((await technician.post('/api/maintenance-windows', { stationId: 'RT-1', reason: 'x', startsAt: '2026-05-01T00:00:00Z' })).status).toBe(403);
    const started = await technician.post<MaintenanceWindowView>('/api/maintenance-windows', { stationId: 'RT-1', evseId: 1, reason: 'Cable swap' });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ state: 'active', evseId: 1, startsAt: '2026-04-02T00:00:00.000Z' });
    const detail = await viewer.get<StationDetail>('/api/stations/RT-1');
    expect(detail.body.connectors[0]!.maintenance).toEqual({ windowId: started.body.id, reason: 'Cable swap', endsAt: null });
    clock.advance(60_000);
    const ended = await technician.post<MaintenanceWindowView>(`/api/maintenance-windows/${started.body.id}/end`);
    expect(ended.body).toMatchObject({ state: 'ended', endsAt: '2026-04-02T00:01:00.000Z', endedBy: expect.any(String) });
    expect((await viewer.get<StationDetail>('/api/stations/RT-1')).body.connectors[0]!.maintenance).toBeNull();
    const future = await operator.post<MaintenanceWindowView>('/api/maintenance-windows', { stationId: 'RT-1', reason: 'Inspection', startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-05-01T04:00:00Z' });
    expect(future.body.state).toBe('scheduled');
    expect((await viewer.get<MaintenanceWindowView[]>('/api/maintenance-windows?stationId=RT-1&open=true')).body.map((w) => w.id)).toEqual([future.body.id]);
    expect((await technician.delete(`/api/maintenance-windows/${future.body.id}`)).status).toBe(403);
    expect((await operator.delete(`/api/maintenance-windows/${future.body.id}`)).status).toBe(204);
    expect((await operator.delete(`/api/maintenance-windows/${started.body.id}`)).status).toBe(409);
  });

  it('records, lists and deletes exclusions, which change the figures', async () => {
    const body = { stationId: 'RT-1', evseId: 1, startsAt: '2026-02-10T10:00:00Z', endsAt: '2026-02-10T10:30:00Z', reason: 'vandalism', evidence: 'police report 7781' };
    expect((await technician.post('/api/uptime-exclusions', body)).status).toBe(403);
    expect((await operator.post('/api/uptime-exclusions', { ...body, reason: 'bad luck' })).status).toBe(400);
    const created = await operator.post<UptimeExclusionView>('/api/uptime-exclusions', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ scope: 'port', reason: 'vandalism', evidence: 'police report 7781' });
    expect((await viewer.get<UptimeExclusionView[]>('/api/uptime-exclusions?stationId=RT-1')).body.map((e) => e.id)).toEqual([created.body.id]);
    const feb = await viewer.get<UptimeList<PortUptimeView>>('/api/uptime/ports?stationId=RT-1&from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(feb.body.items[0]).toMatchObject({ tOutage: 42, tExcluded: 30, downMinutes: 12, excludedByReason: { vandalism: 30 } });
    const report = await viewer.get<QuarterlyReportView>('/api/uptime/report?quarter=2026-Q1&stationId=RT-1');
    expect(report.body.items[0]!.months[1]).toMatchObject({ tOutage: 42, tExcluded: 30 });
    expect((await operator.delete(`/api/uptime-exclusions/${created.body.id}`)).status).toBe(204);
    expect((await operator.delete(`/api/uptime-exclusions/${created.body.id}`)).status).toBe(404);
  });

  it('gives the health list each station\'s uptime over the last 30 days in the same answer', async () => {
    // Two ports in service since March; port 1 faulted for 90 minutes within the last 30 days.
    await server.services.stations.create({ id: 'RT-H' });
    await writePortHistory(server.database.db, 'RT-H', [
      ['2026-03-01T00:00:00Z', 1, 'Available'], ['2026-03-01T00:00:00Z', 2, 'Available'], ['2026-03-20T10:00:00Z', 1, 'Faulted'], ['2026-03-20T11:30:00Z', 1, 'Available'],
    ], [['2026-03-01T00:00:00Z', null]]);
    await server.services.incidents.raise({ ruleKey: RULE_CATALOG[0]!.key, subject: { type: 'station', stationId: 'RT-H' }, at: clock.now(), title: 'RT-H problem' });
    await server.services.incidents.idle();
    const health = await viewer.get<Page<StationHealthItem>>('/api/health/stations?stationId=RT-H');
    expect(health.status).toBe(200);
    const minutes = 2 * 30 * 1440;
    expect(health.body.items).toEqual([expect.objectContaining({ stationId: 'RT-H', openIncidents: 1, uptime30d: Math.round(((minutes - 90) / minutes) * 100_000) / 1000 })]);
    const from = new Date(clock.nowMs() - 30 * 86_400_000).toISOString();
    const stations = await viewer.get<UptimeList<StationUptimeView>>(`/api/uptime/stations?stationId=RT-H&from=${from}`);
    expect(stations.body.items[0]!.uptime).toBe(health.body.items[0]!.uptime30d);
  });
});
