/** A station's local authorization list: its state, a sync by hand and a version check. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { LiveEvent, LocalListCheckResult, LocalListSyncResult, LocalListView } from './types.js';

/** Query key of a station's local list (the live stream refreshes it on `local_list.updated`). */
export const localListKey = (stationId: string) => ['local-list', stationId] as const;
const path = (stationId: string) => `/stations/${encodeURIComponent(stationId)}/local-list`;

export function useLocalList(stationId: string) {
  return useQuery({ queryKey: localListKey(stationId), queryFn: ({ signal }) => api<LocalListView>(path(stationId), { signal }) });
}

/** Sends the list now (full or differential) or checks the station's version; the answer is the station's. */
export function useLocalListAction(stationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { sync: { full: boolean } } | { check: true }): Promise<LocalListSyncResult | LocalListCheckResult> =>
      'sync' in a ? api<LocalListSyncResult>(`${path(stationId)}/sync`, { method: 'POST', body: a.sync }) : api<LocalListCheckResult>(`${path(stationId)}/check`, { method: 'POST' }),
    onSuccess: (answer) => client.setQueryData(localListKey(stationId), answer.view),
    onSettled: () => client.invalidateQueries({ queryKey: localListKey(stationId) }),
  });
}

/** Puts the views carried by `local_list.updated` events into the cache (the event's data is the view). */
export function applyLocalListEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  for (const e of events) {
    if (e.type === 'local_list.updated' && e.stationId) client.setQueryData(localListKey(e.stationId), e.data as unknown as LocalListView);
  }
}
