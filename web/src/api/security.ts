/** Security events, camera sources and events, station security timelines and the audit log: reads, writes, live refresh. */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, downloadUrl, queryString } from './client.js';
import type {
  AuditQueryParams, AuditRecordView, CameraEventQuery, CameraEventView, LiveEvent, Page, SecurityEventQuery, SecuritySourceRequest, SecuritySourceView,
  SecuritySourceWithSecret, SecurityTimelineEntry, StationSecurityEventView,
} from './types.js';

/** Cache keys: everything under `security` is refetched when a security event arrives. */
export const securityKeys = {
  all: ['security'] as const,
  events: (q: SecurityEventQuery) => ['security', 'events', q] as const,
  cameras: (q: CameraEventQuery) => ['security', 'cameras', q] as const,
  timeline: (stationId: string) => ['security', 'timeline', stationId] as const,
  sources: ['security-sources'] as const,
  audit: (q: AuditQueryParams) => ['audit', q] as const,
};

/** The badge tone of a severity. */
export const SECURITY_TONE = { critical: 'tone-fault', warning: 'tone-warn', info: 'tone-info' } as const;

function pages<T, Q extends object>(key: readonly unknown[], path: string, query: Q) {
  return {
    queryKey: key,
    queryFn: ({ pageParam, signal }: { pageParam: string | undefined; signal: AbortSignal }) => api<Page<T>>(`${path}${queryString({ ...query, limit: 100, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
  };
}

/** Station security events across the network, newest first. */
export function useSecurityEventPages(query: SecurityEventQuery) {
  return useInfiniteQuery(pages<StationSecurityEventView, SecurityEventQuery>(securityKeys.events(query), '/security-events', query));
}

/** Camera and sensor events, newest first. */
export function useCameraEventPages(query: CameraEventQuery) {
  return useInfiniteQuery(pages<CameraEventView, CameraEventQuery>(securityKeys.cameras(query), '/camera-events', query));
}

/** A station's security timeline (the last 7 days), newest first. */
export function useSecurityTimeline(stationId: string) {
  return useInfiniteQuery(pages<SecurityTimelineEntry, object>(securityKeys.timeline(stationId), `/stations/${encodeURIComponent(stationId)}/security-timeline`, {}));
}

/** Camera and sensor sources (admin). */
export function useSecuritySources(enabled: boolean) {
  return useQuery({ queryKey: securityKeys.sources, queryFn: ({ signal }) => api<SecuritySourceView[]>('/security-sources', { signal }), enabled });
}

/** Adds a source; the answer holds its secret, shown once. */
export async function createSecuritySource(client: QueryClient, body: SecuritySourceRequest): Promise<SecuritySourceWithSecret> {
  const created = await api<SecuritySourceWithSecret>('/security-sources', { method: 'POST', body });
  void client.invalidateQueries({ queryKey: securityKeys.sources });
  return created;
}

/** Changes a source (with `rotateSecret` the answer holds the new secret). */
export async function updateSecuritySource(client: QueryClient, id: string, body: SecuritySourceRequest): Promise<SecuritySourceView | SecuritySourceWithSecret> {
  const updated = await api<SecuritySourceView | SecuritySourceWithSecret>(`/security-sources/${encodeURIComponent(id)}`, { method: 'PATCH', body });
  void client.invalidateQueries({ queryKey: securityKeys.sources });
  return updated;
}

/** Removes a source. */
export async function deleteSecuritySource(client: QueryClient, id: string): Promise<void> {
  await api<void>(`/security-sources/${encodeURIComponent(id)}`, { method: 'DELETE' });
  void client.invalidateQueries({ queryKey: securityKeys.sources });
}

/** Audit log lines (admin), newest first. */
export function useAuditPages(query: AuditQueryParams) {
  return useInfiniteQuery(pages<AuditRecordView, AuditQueryParams>(securityKeys.audit(query), '/audit', query));
}

/** The CSV export of the audit lines a query matches. */
export function auditCsvUrl(query: AuditQueryParams): string {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  return downloadUrl('/audit/export.csv', filters);
}

/** Event types that change what the security views show. */
const SECURITY_EVENTS = new Set(['station.security', 'security.camera_event']);

/** Refetches the security views an event batch touches (lists by difference would have to re-apply every filter). */
export function applySecurityEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  const touched = events.filter((e) => SECURITY_EVENTS.has(e.type));
  if (touched.length > 0) {
    void client.invalidateQueries({ queryKey: ['security', 'events'] });
    void client.invalidateQueries({ queryKey: ['security', 'cameras'] });
  }
  // A timeline follows its station's own events, camera events mapped to it or its site, and its connectors.
  const cameraSites = new Set(touched.flatMap((e) => (e.type === 'security.camera_event' && typeof e.data.siteId === 'string' ? [e.data.siteId] : [])));
  const stations = new Set(events.filter((e) => (SECURITY_EVENTS.has(e.type) || e.type === 'connector.status') && e.stationId).map((e) => e.stationId!));
  for (const e of touched) if (Array.isArray(e.data.stationIds)) for (const id of e.data.stationIds) if (typeof id === 'string') stations.add(id);
  if (cameraSites.size > 0) {
    void client.invalidateQueries({ queryKey: ['security', 'timeline'] });
    return;
  }
  for (const id of stations) void client.invalidateQueries({ queryKey: securityKeys.timeline(id) });
}
