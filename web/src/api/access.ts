/** Access rules of sites and stations: read, set, and kept fresh by `access_rule.updated` events. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { AccessRuleRequest, AccessRuleView, LiveEvent } from './types.js';

/** Whose rule: a site's or a station's. */
export type AccessScope = 'site' | 'station';

/** Query key of a place's rule; every station's key starts with ['access', 'station']. */
export const accessKey = (scope: AccessScope, id: string) => ['access', scope, id] as const;
const path = (scope: AccessScope, id: string) => `/${scope === 'site' ? 'sites' : 'stations'}/${encodeURIComponent(id)}/access`;

export function useAccessRule(scope: AccessScope, id: string) {
  return useQuery({ queryKey: accessKey(scope, id), queryFn: ({ signal }) => api<AccessRuleView>(path(scope, id), { signal }) });
}

/** Sets a place's rule; the answer is the rule now in force there. */
export function useSaveAccessRule(scope: AccessScope, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: AccessRuleRequest) => api<AccessRuleView>(path(scope, id), { method: 'PUT', body: rule }),
    onSuccess: (view) => client.setQueryData(accessKey(scope, id), view),
    // A site's rule is what its stations without their own rule follow.
    onSettled: () => client.invalidateQueries({ queryKey: scope === 'site' ? ['access', 'station'] : accessKey(scope, id) }),
  });
}

/** Refetches the rules an `access_rule.updated` event changed (a site's change reaches its stations too). */
export function applyAccessRuleEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  for (const e of events) {
    if (e.type !== 'access_rule.updated') continue;
    const siteId = (e.data as { siteId?: unknown }).siteId;
    if (typeof siteId === 'string') {
      void client.invalidateQueries({ queryKey: accessKey('site', siteId) });
      void client.invalidateQueries({ queryKey: ['access', 'station'] });
    } else if (e.stationId) {
      void client.invalidateQueries({ queryKey: accessKey('station', e.stationId) });
    }
  }
}
