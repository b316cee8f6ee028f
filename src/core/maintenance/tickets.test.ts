import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../bus/bus.js';
import type { ApiError, Page, TicketDetail, TicketNoteView, TicketView } from '../../http/api-types.js';
import { apiClient, userClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import type { IncidentSummary } from '../alerts/index.js';

let server: TestServer;
let operator: ApiClient;
let viewer: ApiClient;
let techA: ApiClient & { userId: string };
let techB: ApiClient & { userId: string };
const events: DomainEvent[] = [];

beforeAll(async () => {
  server = await startTestServer();
  server.bus.subscribe((e) => events.push(e), ['ticket.', 'incident.']);
  operator = await apiClient(server, 'operator');
  viewer = await apiClient(server, 'viewer');
  techA = await userClient(server, 'technician', 'tech-anna');
  techB = await userClient(server, 'technician', 'tech-ben');
  await server.services.stations.create({ id: 'TK-1' });
  await server.services.stations.create({ id: 'TK-2' });
});
afterAll(async () => server.close());

/** Raises a connector fault on TK-1 and returns the incident it opened. */
async function faultIncident(connectorId: number): Promise<IncidentSummary> {
  await server.services.incidents.raise({
    ruleKey: 'connector_faulted', subject: { type: 'connector', stationId: 'TK-1', evseId: connectorId, connectorId: 1 }, at: new Date(),
    title: `Connector ${connectorId} Faulted: GroundFailure`, details: { errorCode: 'GroundFailure', vendorErrorCode: 'E42' },
  });
  const opened = await waitUntil(() => events.find((e) => e.type === 'incident.opened' && (e.data as { incident: IncidentSummary }).incident.evseId === connectorId), 5_000, 'incident opened');
  return (opened.data as { incident: IncidentSummary }).incident;
}

describe('maintenance tickets', () => {
  it('opens a ticket by hand; everyone on staff reads it, viewers change nothing', async () => {
    const created = await operator.post<TicketView>('/api/tickets', { stationId: 'TK-2', title: '  Cable holder broken ', description: 'Bay 3', priority: 'low' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ stationId: 'TK-2', title: 'Cable holder broken', description: 'Bay 3', priority: 'low', status: 'open', assigneeId: null, incidentId: null, closedAt: null });
    expect(created.body.createdBy).toMatch(/^test operator token/);
    expect((await viewer.get<TicketDetail>(`/api/tickets/${created.body.id}`)).body).toMatchObject({ id: created.body.id, notes: [] });
    expect((await viewer.post('/api/tickets', { stationId: 'TK-2', title: 'x' })).status).toBe(403);
    expect((await viewer.patch(`/api/tickets/${created.body.id}`, { status: 'closed' })).status).toBe(403);
    expect((await operator.post<ApiError>('/api/tickets', { stationId: 'NOPE', title: 'x' })).status).toBe(404);
    expect((await operator.post<ApiError>('/api/tickets', { stationId: 'TK-2', title: 'x', assigneeId: (await userClient(server, 'viewer')).userId })).status).toBe(400);
    expect((await operator.post('/api/tickets', { stationId: 'TK-2', title: 'x', priority: 'whenever' })).status).toBe(400);
    expect((await viewer.get('/api/tickets/999999')).status).toBe(404);
    expect(events.some((e) => e.type === 'ticket.created' && e.stationId === 'TK-2' && e.id !== undefined)).toBe(true);
  });

  it('opens a ticket from an incident with its facts, links it, and only once', async () => {
    const incident = await faultIncident(1);
    const res = await techA.post<TicketView>(`/api/incidents/${incident.id}/ticket`, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ incidentId: incident.id, stationId: 'TK-1', connectorId: 1, title: 'Connector 1 Faulted: GroundFailure', priority: 'normal', createdBy: 'tech-anna' });
    expect(res.body.description).toContain('vendorErrorCode: E42');
    expect((await server.services.incidents.get(incident.id)).ticketId).toBe(res.body.id);
    const timeline = (await server.services.incidents.detail(incident.id)).timeline;
    expect(timeline.some((t) => t.kind === 'ticket')).toBe(true);
    const again = await operator.post<ApiError>(`/api/incidents/${incident.id}/ticket`);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ ticketId: res.body.id });
    expect((await operator.post(`/api/incidents/999999/ticket`, {})).status).toBe(404);
    expect((await viewer.post(`/api/incidents/${incident.id}/ticket`, {})).status).toBe(403);
    expect((await viewer.get<Page<TicketView>>(`/api/tickets?incidentId=${incident.id}`)).body.items.map((t) => t.id)).toEqual([res.body.id]);
  });

  it("gives technicians their own queue; they work their own and unassigned tickets only", async () => {
    const t = (await operator.post<TicketView>('/api/tickets', { stationId: 'TK-1', title: 'Replace RFID reader', priority: 'urgent', assigneeId: techA.userId })).body;
    expect(t).toMatchObject({ assigneeId: techA.userId, assigneeName: 'tech-anna' });
    expect((await techA.get<Page<TicketView>>('/api/tickets?mine=true')).body.items.map((x) => x.id)).toContain(t.id);
    expect((await techB.get<Page<TicketView>>('/api/tickets?mine=true')).body.items.map((x) => x.id)).not.toContain(t.id);
    expect((await operator.get<ApiError>('/api/tickets?mine=true')).status).toBe(400);

    expect((await techB.patch(`/api/tickets/${t.id}`, { status: 'in_progress' })).status).toBe(403);
    expect((await techB.post(`/api/tickets/${t.id}/notes`, { text: 'not mine' })).status).toBe(403);
    expect((await techA.patch(`/api/tickets/${t.id}`, { priority: 'low' })).status).toBe(403);
    expect((await techA.patch(`/api/tickets/${t.id}`, { status: 'cancelled' })).status).toBe(403);
    expect((await techA.patch<TicketView>(`/api/tickets/${t.id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
    const note = await techA.post<TicketNoteView>(`/api/tickets/${t.id}/notes`, { text: ' Reader swapped, testing ' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ ticketId: t.id, authorId: techA.userId, authorName: 'tech-anna', text: 'Reader swapped, testing' });

    const loose = (await operator.post<TicketView>('/api/tickets', { stationId: 'TK-2', title: 'Check signage' })).body;
    expect((await techB.patch(`/api/tickets/${loose.id}`, { assigneeId: techA.userId })).status).toBe(403);
    expect((await techB.patch<TicketView>(`/api/tickets/${loose.id}`, { assigneeId: techB.userId })).body.assigneeId).toBe(techB.userId);
    expect((await techA.patch(`/api/tickets/${loose.id}`, { status: 'in_progress' })).status).toBe(403);
    expect((await operator.patch<TicketView>(`/api/tickets/${loose.id}`, { assigneeId: null })).body.assigneeName).toBeNull();
  });

  it('moves through its lifecycle; closed is final', async () => {
    const t = (await operator.post<TicketView>('/api/tickets', { stationId: 'TK-1', title: 'Firmware check', assigneeId: techA.userId })).body;
    expect((await techA.patch<TicketView>(`/api/tickets/${t.id}`, { status: 'resolved' })).body.status).toBe('resolved');
    const closed = await techA.patch<TicketView>(`/api/tickets/${t.id}`, { status: 'closed' });
    expect(closed.body).toMatchObject({ status: 'closed' });
    expect(closed.body.closedAt).not.toBeNull();
    const reopen = await operator.patch<ApiError>(`/api/tickets/${t.id}`, { status: 'in_progress' });
    expect(reopen.status).toBe(409);
    expect((await operator.patch(`/api/tickets/${t.id}`, { title: 'Changed' })).status).toBe(409);
    expect((await operator.patch(`/api/tickets/${t.id}`, {})).status).toBe(400);
    const detail = await viewer.get<TicketDetail>(`/api/tickets/${t.id}`);
    expect(detail.body.status).toBe('closed');
    const changes = events.filter((e) => e.type === 'ticket.updated' && (e.data as { ticket: TicketView }).ticket.id === t.id).map((e) => (e.data as { change: string }).change);
    expect(changes).toEqual(['status', 'status']);
  });

  it('lists most urgent first with filters and pages', async () => {
    const all = (await viewer.get<Page<TicketView>>('/api/tickets?limit=1000')).body;
    const ranks = all.items.map((t) => ['low', 'normal', 'high', 'urgent'].indexOf(t.priority));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const first = (await viewer.get<Page<TicketView>>('/api/tickets?limit=2')).body;
    const rest = (await viewer.get<Page<TicketView>>(`/api/tickets?limit=1000&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...rest.items].map((t) => t.id)).toEqual(all.items.map((t) => t.id));
    expect(first.total).toBe(all.total);
    const open = (await viewer.get<Page<TicketView>>('/api/tickets?status=open,in_progress&stationId=TK-1')).body;
    expect(open.items.length).toBeGreaterThan(0);
    expect(open.items.every((t) => (t.status === 'open' || t.status === 'in_progress') && t.stationId === 'TK-1')).toBe(true);
    expect((await viewer.get<Page<TicketView>>(`/api/tickets?assigneeId=${techA.userId}`)).body.items.every((t) => t.assigneeId === techA.userId)).toBe(true);
    expect((await viewer.get('/api/tickets?status=lost')).status).toBe(400);
    expect((await viewer.get('/api/tickets?cursor=zzz')).status).toBe(400);
  });
});
