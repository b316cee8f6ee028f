import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, Page, RemediationResult, TicketView } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, userClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';
import type { IncidentSummary, TimelineEntry } from '../alerts/index.js';

let server: TestServer;
let operator: ApiClient;
let technician: ApiClient;
let viewer: ApiClient;
let sim: SimStation;
let boots = 0;

beforeAll(async () => {
  server = await startTestServer();
  server.bus.subscribe((e) => {
    if (e.stationId === 'RMX-1') boots += 1;
  }, ['station.booted']);
  operator = await userClient(server, 'operator', 'olga');
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
  sim = new SimStation(testStationOptions(server.stationUrl, 'RMX-1', '1.6', { timeScale: 60 }));
  await sim.start();
  await waitUntil(() => server.services.live.station('RMX-1')?.connectors.some((c) => c.status === 'Available'), 10_000, 'station online');
});
afterAll(async () => {
  await sim?.stop();
  await server.close();
});

const openIncident = async (stationId: string): Promise<IncidentSummary | undefined> =>
  (await viewer.get<Page<IncidentSummary>>(`/api/incidents?stationId=${stationId}&state=open`)).body.items[0];
/** Waits until the station booted again after a reset (a reset is answered before the station goes down). */
const rebooted = (before: number) => waitUntil(() => boots > before && server.services.live.station('RMX-1')?.online, 10_000, 'station booted again');
const remediationEntries = async (id: number): Promise<TimelineEntry[]> => (await server.services.incidents.detail(id)).timeline.filter((t) => t.kind === 'remediation');

describe('remediation against a simulated station', () => {
  it('resets a faulted station automatically, records its answer, and the incident resolves', async () => {
    await server.services.ruleSettings.update('connector_faulted', { remediation: { enabled: true, steps: [{ action: 'trigger_status', afterS: 0 }, { action: 'soft_reset', afterS: 0 }] } }, 'olga');
    sim.injectFault(1, 'GroundFailure', { clearedByReset: true });
    const incident = await waitUntil(() => openIncident('RMX-1'), 10_000, 'fault incident');
    expect(incident.ruleKey).toBe('connector_faulted');
    await waitUntil(() => server.services.remediation.running().includes(incident.id), 5_000, 'ladder started');
    await server.services.remediation.sweep();
    await server.services.remediation.sweep();
    const resolved = await waitUntil(async () => {
      const now = await server.services.incidents.get(incident.id);
      return now.state === 'resolved' ? now : undefined;
    }, 15_000, 'incident resolved after the reset');
    expect(resolved.resolvedBy).toBe('system');
    const entries = await remediationEntries(incident.id);
    expect(entries.map((e) => [e.actor, e.data.action, e.data.outcome, e.data.answer])).toEqual([
      ['system:remediation', 'trigger_status', 'done', 'Accepted'], ['system:remediation', 'soft_reset', 'done', 'Accepted'],
    ]);
    const log = await viewer.get<{ items: Array<{ command: string; sentBy: string; status: string }> }>('/api/stations/RMX-1/commands');
    expect(log.body.items.map((e) => [e.command, e.sentBy, e.status])).toEqual([['reset', 'system:remediation', 'Accepted'], ['trigger', 'system:remediation', 'Accepted']]);
    await rebooted(1);
  });

  it('runs a step by hand and returns the station\'s answer; guards and roles apply', async () => {
    await server.services.ruleSettings.update('connector_faulted', { remediation: { enabled: false, steps: [] } }, 'olga');
    sim.injectFault(2, 'HighTemperature');
    const incident = await waitUntil(() => openIncident('RMX-1'), 10_000, 'second fault incident');
    const url = `/api/incidents/${incident.id}/remediation`;

    const trigger = await technician.post<RemediationResult>(url, { action: 'trigger_status' });
    expect(trigger.status).toBe(200);
    expect(trigger.body).toEqual({ action: 'trigger_status', outcome: 'done', answer: 'Accepted', guard: null, message: 'Status request: the station answered Accepted', ticketId: null });
    expect((await viewer.post(url, { action: 'trigger_status' })).status).toBe(403);
    expect((await technician.post(url, { action: 'reboot' })).status).toBe(400);
    expect((await technician.post(`/api/incidents/999999/remediation`, { action: 'soft_reset' })).status).toBe(404);

    // The automatic soft reset of the first test counts: the default limit is 3 a day.
    let before = boots;
    const hard = await operator.post<RemediationResult>(url, { action: 'hard_reset' });
    expect(hard.body).toMatchObject({ outcome: 'done', answer: 'Accepted' });
    await rebooted(before);
    before = boots;
    expect((await operator.post<RemediationResult>(url, { action: 'soft_reset' })).body).toMatchObject({ outcome: 'done', answer: 'Accepted' });
    await rebooted(before);
    const limited = await technician.post<RemediationResult>(url, { action: 'soft_reset' });
    expect(limited.body).toMatchObject({ outcome: 'skipped', guard: 'daily_limit', answer: null });
    expect((await technician.post<ApiError>(url, { action: 'soft_reset', force: true })).status).toBe(403);
    expect((await operator.post<RemediationResult>(url, { action: 'soft_reset', force: true })).body).toMatchObject({ outcome: 'done', answer: 'Accepted' });

    const ticket = await operator.post<RemediationResult>(url, { action: 'ticket' });
    expect(ticket.body).toMatchObject({ outcome: 'done', guard: null });
    expect((await viewer.get<TicketView>(`/api/tickets/${ticket.body.ticketId}`)).body).toMatchObject({ incidentId: incident.id, stationId: 'RMX-1', createdBy: 'olga' });
    expect((await operator.post<RemediationResult>(url, { action: 'ticket' })).body).toMatchObject({ outcome: 'skipped', guard: 'has_ticket', ticketId: ticket.body.ticketId });

    const entries = await remediationEntries(incident.id);
    expect(entries.map((e) => [e.actor, e.data.action, e.data.outcome])).toEqual([
      [expect.stringMatching(/^test technician token/), 'trigger_status', 'done'], ['olga', 'hard_reset', 'done'], ['olga', 'soft_reset', 'done'],
      [expect.stringMatching(/^test technician token/), 'soft_reset', 'skipped'], ['olga', 'soft_reset', 'done'], ['olga', 'ticket', 'done'], ['olga', 'ticket', 'skipped'],
    ]);
    const audit = await server.database.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'incident.remediation').execute();
    expect(audit.length).toBe(7);
  });
});
