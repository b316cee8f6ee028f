/** Maintenance tickets and remediation steps: reads, writes, and the cache keys the live stream refreshes. */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, queryString } from './client.js';
import { incidentKeys } from './incidents.js';
import type {
  IncidentTicketRequest, Page, RemediationAction, RemediationResult, TicketDetail, TicketNoteView, TicketQuery, TicketRequest,
  TicketUpdate, TicketView,
} from './types.js';

/** Cache keys of tickets: lists under `tickets`, one ticket under `ticket`. */
export const ticketKeys = {
  lists: ['tickets'] as const,
  list: (q: TicketQuery) => ['tickets', q] as const,
  one: (id: number) => ['ticket', id] as const,
};

/** Tickets matching a query, most urgent first, page by page. */
export function useTicketPages(query: TicketQuery) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(query),
    queryFn: ({ pageParam, signal }) => api<Page<TicketView>>(`/tickets${queryString({ ...query, limit: 100, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One ticket with its notes. */
export function useTicket(id: number) {
  return useQuery({ queryKey: ticketKeys.one(id), queryFn: ({ signal }) => api<TicketDetail>(`/tickets/${id}`, { signal }) });
}

/** Refetches ticket lists and the ticket after a change. */
function refresh(client: QueryClient, id?: number): void {
  void client.invalidateQueries({ queryKey: ticketKeys.lists });
  if (id !== undefined) void client.invalidateQueries({ queryKey: ticketKeys.one(id) });
}

/** Opens a ticket for a station by hand. */
export async function createTicket(client: QueryClient, body: TicketRequest): Promise<TicketView> {
  const ticket = await api<TicketView>('/tickets', { method: 'POST', body });
  refresh(client);
  return ticket;
}

/** Opens a ticket from an incident (its facts) and links it. */
export async function createIncidentTicket(client: QueryClient, incidentId: number, body: IncidentTicketRequest = {}): Promise<TicketView> {
  const ticket = await api<TicketView>(`/incidents/${incidentId}/ticket`, { method: 'POST', body });
  refresh(client);
  void client.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) });
  void client.invalidateQueries({ queryKey: ['incident', incidentId] });
  return ticket;
}

/** Changes a ticket's status, assignee, priority or text. */
export async function updateTicket(client: QueryClient, id: number, body: TicketUpdate): Promise<TicketView> {
  const ticket = await api<TicketView>(`/tickets/${id}`, { method: 'PATCH', body });
  refresh(client, id);
  return ticket;
}

/** Adds a note to a ticket. */
export async function addTicketNote(client: QueryClient, id: number, text: string): Promise<TicketNoteView> {
  const note = await api<TicketNoteView>(`/tickets/${id}/notes`, { method: 'POST', body: { text } });
  refresh(client, id);
  return note;
}

/** Runs one remediation step on an incident now and resolves with the station's answer (or the guard that stopped it). */
export function runRemediationStep(incidentId: number, action: RemediationAction, force = false): Promise<RemediationResult> {
  return api<RemediationResult>(`/incidents/${incidentId}/remediation`, { method: 'POST', body: force ? { action, force } : { action } });
}
