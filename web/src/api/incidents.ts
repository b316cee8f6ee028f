/** Incidents, station health and alert rules: cache keys, reads, writes, and how live incident events touch them. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, queryString } from './client.js';
import type {
  AlertRule, AlertRuleChange, AlertRuleSiteChange, AlertRuleSiteOverrideView, AssignableUser, IncidentCounts, IncidentDetailView, IncidentQuery,
  IncidentView, LiveEvent, Page, Severity, SiteRemediationView, StationHealthItem, StationHealthQuery,
} from './types.js';

/** Cache keys of this module. */
export const incidentKeys = {
  lists: ['incidents'] as const,
  list: (q: IncidentQuery) => ['incidents', q] as const,
  detail: (id: number) => ['incident', id] as const,
  counts: ['incident-counts'] as const,
  healthLists: ['station-health'] as const,
  health: (q: StationHealthQuery) => ['station-health', q] as const,
  rules: ['alert-rules'] as const,
  assignable: ['assignable-users'] as const,
  siteRemediation: (siteId: string) => ['site-remediation', siteId] as const,
};

/** Severity names, worst last; and the badge tone of each. */
export const SEVERITY_ORDER: readonly Severity[] = ['info', 'warning', 'critical'];
export const SEVERITY_TONE: Record<Severity, string> = { info: 'tone-info', warning: 'tone-warn', critical: 'tone-fault' };

/** Incidents matching a query, page by page. */
export function useIncidentPages(query: IncidentQuery) {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(query),
    queryFn: ({ pageParam, signal }) => api<Page<IncidentView>>(`/incidents${queryString({ ...query, limit: query.limit ?? 100, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One incident with its timeline. */
export function useIncident(id: number) {
  return useQuery({ queryKey: incidentKeys.detail(id), queryFn: ({ signal }) => api<IncidentDetailView>(`/incidents/${id}`, { signal }) });
}

/** Unresolved incidents by state and severity (the navigation badge). */
export function useIncidentCounts() {
  return useQuery({ queryKey: incidentKeys.counts, queryFn: ({ signal }) => api<IncidentCounts>('/incident-counts', { signal }) });
}

/** Stations with open or recent incidents, page by page. */
export function useStationHealth(query: StationHealthQuery) {
  return useInfiniteQuery({
    queryKey: incidentKeys.health(query),
    queryFn: ({ pageParam, signal }) => api<Page<StationHealthItem>>(`/health/stations${queryString({ ...query, limit: query.limit ?? 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Users who may be assigned incidents. */
export function useAssignableUsers(enabled = true) {
  return useQuery({ queryKey: incidentKeys.assignable, enabled, queryFn: ({ signal }) => api<AssignableUser[]>('/users/assignable', { signal }) });
}

/** The actions on one incident; each refreshes the incident and the lists. */
export function useIncidentActions(id: number) {
  const client = useQueryClient();
  const done = () => {
    void client.invalidateQueries({ queryKey: incidentKeys.detail(id) });
    void client.invalidateQueries({ queryKey: incidentKeys.lists });
    void client.invalidateQueries({ queryKey: incidentKeys.counts });
  };
  const post = (path: string, body?: unknown) => api<IncidentView>(`/incidents/${id}/${path}`, { method: 'POST', body });
  return {
    acknowledge: useMutation({ mutationFn: () => post('acknowledge'), onSuccess: done }),
    resolve: useMutation({ mutationFn: (note: string) => post('resolve', { note }), onSuccess: done }),
    assign: useMutation({ mutationFn: (userId: string | null) => post('assign', { userId }), onSuccess: done }),
    note: useMutation({ mutationFn: (text: string) => post('notes', { text }), onSuccess: done }),
  };
}

/** Every alert rule with its settings and site overrides. */
export function useAlertRules() {
  return useQuery({ queryKey: incidentKeys.rules, queryFn: ({ signal }) => api<AlertRule[]>('/alert-rules', { signal }) });
}

/** Saves a rule's network settings. */
export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, change }: { key: string; change: AlertRuleChange }) => api<AlertRule>(`/alert-rules/${encodeURIComponent(key)}`, { method: 'PUT', body: change }),
    onSuccess: (saved) => client.setQueryData<AlertRule[]>(incidentKeys.rules, (rules) => rules?.map((r) => (r.key === saved.key ? saved : r))),
  });
}

/** Sets or removes a site's overrides of a rule (null removes). */
export function useSaveSiteOverride() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ key, siteId, change }: { key: string; siteId: string; change: AlertRuleSiteChange | null }): Promise<void> => {
      const path = `/alert-rules/${encodeURIComponent(key)}/sites/${encodeURIComponent(siteId)}`;
      if (change === null) await api<void>(path, { method: 'DELETE' });
      else await api<AlertRuleSiteOverrideView>(path, { method: 'PUT', body: change });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: incidentKeys.rules }),
  });
}

/** Whether automatic remediation is on at a site. */
export function useSiteRemediation(siteId: string | undefined) {
  return useQuery({
    queryKey: incidentKeys.siteRemediation(siteId ?? ''), enabled: siteId !== undefined,
    queryFn: ({ signal }) => api<SiteRemediationView>(`/sites/${encodeURIComponent(siteId!)}/remediation`, { signal }),
  });
}

/** Switches automatic remediation at a site. */
export function useSetSiteRemediation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ siteId, enabled }: { siteId: string; enabled: boolean }) => api<SiteRemediationView>(`/sites/${encodeURIComponent(siteId)}/remediation`, { method: 'PUT', body: { enabled } }),
    onSuccess: (saved) => client.setQueryData(incidentKeys.siteRemediation(saved.siteId), saved),
  });
}

/**
 * Folds live incident events into the caches. An incident's order in a list depends on its severity and
 * age and its timeline grows on the server, so the touched queries are fetched again (once per batch);
 * the open detail takes the event's incident at once.
 */
export function applyIncidentEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  const touched = events.filter((e) => e.type.startsWith('incident.'));
  if (touched.length === 0) return;
  for (const e of touched) {
    const incident = (e.data as { incident?: IncidentView }).incident;
    if (!incident) continue;
    client.setQueryData<IncidentDetailView>(incidentKeys.detail(incident.id), (d) => d && { ...d, incident: { ...d.incident, ...incident, ruleName: d.incident.ruleName, stationName: d.incident.stationName, assigneeName: d.incident.assigneeName } });
    void client.invalidateQueries({ queryKey: incidentKeys.detail(incident.id) });
  }
  void client.invalidateQueries({ queryKey: incidentKeys.lists });
  void client.invalidateQueries({ queryKey: incidentKeys.counts });
  void client.invalidateQueries({ queryKey: incidentKeys.healthLists });
}
