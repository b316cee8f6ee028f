/** Query keys and data hooks for every API read the app makes; live.ts updates the same keys. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, queryString } from './client.js';
import type {
  FleetSummaryView, OcppMessageView, Page, PowerHistory, SampleSeries, SessionQuery, SessionView, SiteView, StationDetail,
  StationListItem, StationQuery,
} from './types.js';

/** Every cache key, in one place. */
export const keys = {
  me: ['me'] as const,
  summary: ['summary'] as const,
  power: (hours: number) => ['summary', 'power', hours] as const,
  stationLists: ['stations'] as const,
  stations: (q: StationQuery) => ['stations', q] as const,
  station: (id: string) => ['station', id] as const,
  stationPower: (id: string) => ['station-power', id] as const,
  messages: (id: string, action: string) => ['messages', id, action] as const,
  sessionLists: ['sessions'] as const,
  sessions: (q: SessionQuery) => ['sessions', q] as const,
  session: (id: number) => ['session', id] as const,
  samples: (id: number) => ['session-samples', id] as const,
  sites: ['sites'] as const,
  site: (id: string) => ['site', id] as const,
};

/** Rows fetched per page in the long tables. */
export const PAGE_SIZE = 100;

/** The fleet summary for the overview. */
export function useSummary() {
  return useQuery({ queryKey: keys.summary, queryFn: ({ signal }) => api<FleetSummaryView>('/summary', { signal }) });
}

/** Fleet power, one point per minute, over the last `hours`. */
export function usePowerHistory(hours: number) {
  return useQuery({ queryKey: keys.power(hours), queryFn: ({ signal }) => api<PowerHistory>(`/summary/power${queryString({ hours })}`, { signal }) });
}

/** Stations matching a query, fetched page by page (cursor) as the table scrolls. */
export function useStationPages(query: StationQuery) {
  return useInfiniteQuery({
    queryKey: keys.stations(query),
    queryFn: ({ pageParam, signal }) => api<Page<StationListItem>>(`/stations${queryString({ ...query, limit: PAGE_SIZE, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One station with its details. */
export function useStation(id: string) {
  return useQuery({ queryKey: keys.station(id), queryFn: ({ signal }) => api<StationDetail>(`/stations/${encodeURIComponent(id)}`, { signal }) });
}

/** A station's OCPP message log, newest first, optionally for one action. */
export function useMessages(id: string, action: string) {
  return useInfiniteQuery({
    queryKey: keys.messages(id, action),
    queryFn: ({ pageParam, signal }) => api<Page<OcppMessageView>>(`/stations/${encodeURIComponent(id)}/messages${queryString({ action, limit: 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Sessions matching a query, page by page. */
export function useSessionPages(query: SessionQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: keys.sessions(query),
    queryFn: ({ pageParam, signal }) => api<Page<SessionView>>(`/sessions${queryString({ ...query, limit: query.limit ?? 50, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/** One session. */
export function useSession(id: number) {
  return useQuery({ queryKey: keys.session(id), queryFn: ({ signal }) => api<SessionView>(`/sessions/${id}`, { signal }) });
}

/** A session's meter series (power, offered limit, energy register, SoC), downsampled by the server for long sessions. */
export function useSamples(id: number) {
  return useQuery({
    queryKey: keys.samples(id),
    queryFn: ({ signal }) => api<SampleSeries[]>(`/sessions/${id}/samples${queryString({ measurands: 'Power.Active.Import,Energy.Active.Import.Register,SoC,Power.Offered', maxPoints: 1500 })}`, { signal }),
  });
}

/** Every site (the list is short: sites are places, not stations). */
export function useSites() {
  return useQuery({
    queryKey: keys.sites,
    queryFn: ({ signal }) => api<SiteView[]>('/sites', { signal }),
  });
}

/** One site. */
export function useSite(id: string) {
  return useQuery({ queryKey: keys.site(id), queryFn: ({ signal }) => api<SiteView>(`/sites/${encodeURIComponent(id)}`, { signal }) });
}

/** The rows loaded so far of a paged query, flattened. */
export function flatItems<T>(data: { pages: Array<Page<T>> } | undefined): T[] {
  return data ? data.pages.flatMap((p) => p.items) : [];
}
