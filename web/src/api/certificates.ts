/** A station's certificates (inventory, ours with expiry, CSRs), their commands, and security profile moves. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { keys } from './queries.js';
import type { LiveEvent, ProfileMoveResult, SecurityProfileRequest, StationCertificatesView } from './types.js';

/** Query key of a station's certificates (the live stream refreshes it on `certificate.*`). */
export const certificatesKey = (stationId: string) => ['certificates', stationId] as const;
const path = (stationId: string) => `/stations/${encodeURIComponent(stationId)}/certificates`;

export function useCertificates(stationId: string) {
  return useQuery({ queryKey: certificatesKey(stationId), queryFn: ({ signal }) => api<StationCertificatesView>(path(stationId), { signal }) });
}

/** Asks the station for its installed certificates, or deletes one; each waits for the station's answer. */
export function useCertificateAction(stationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { refresh: true } | { delete: string }): Promise<StationCertificatesView | { status: string }> =>
      'refresh' in a ? api<StationCertificatesView>(`${path(stationId)}/refresh`, { method: 'POST' }) : api<{ status: string }>(`${path(stationId)}/${encodeURIComponent(a.delete)}`, { method: 'DELETE' }),
    onSuccess: (answer) => {
      if ('installed' in answer) client.setQueryData(certificatesKey(stationId), answer);
    },
    onSettled: () => client.invalidateQueries({ queryKey: certificatesKey(stationId) }),
  });
}

/** Moves the station to another security profile; the answer lists every step with the station's answer. */
export function useProfileMove(stationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SecurityProfileRequest) => api<ProfileMoveResult>(`/stations/${encodeURIComponent(stationId)}/security-profile`, { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: keys.station(stationId) }),
  });
}

/** Refetches a station's certificates when the live stream says they changed (a CSR came, a station answered). */
export function applyCertificateEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  const stations = new Set(events.filter((e) => e.type.startsWith('certificate.') && e.stationId).map((e) => e.stationId!));
  for (const id of stations) void client.invalidateQueries({ queryKey: certificatesKey(id) });
}
