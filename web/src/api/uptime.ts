/** Uptime figures, maintenance windows and excluded periods. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from './client.js';
import type {
  MaintenanceWindowRequest, MaintenanceWindowView, PortUptimeView, SiteUptimeView, StationUptimeView, UptimeExclusionRequest, UptimeExclusionView,
  UptimeList, UptimeMonthView, UptimeQuery,
} from './types.js';

/** Query keys of the uptime figures and of a station's maintenance windows (the live updater refreshes the latter). */
export const uptimeKeys = { all: ['uptime'] as const, maintenance: (stationId: string) => ['maintenance', stationId] as const };
const keys = uptimeKeys;

export function useUptimePorts(q: UptimeQuery) {
  return useQuery({ queryKey: [...keys.all, 'ports', q], queryFn: ({ signal }) => api<UptimeList<PortUptimeView>>(`/uptime/ports${queryString(q)}`, { signal }) });
}
export function useUptimeStations(q: UptimeQuery) {
  return useQuery({ queryKey: [...keys.all, 'stations', q], queryFn: ({ signal }) => api<UptimeList<StationUptimeView>>(`/uptime/stations${queryString(q)}`, { signal }) });
}
export function useUptimeSites(q: UptimeQuery) {
  return useQuery({ queryKey: [...keys.all, 'sites', q], queryFn: ({ signal }) => api<UptimeList<SiteUptimeView>>(`/uptime/sites${queryString(q)}`, { signal }) });
}
export function useUptimeMonthly(q: { stationId?: string; siteId?: string }) {
  return useQuery({ queryKey: [...keys.all, 'monthly', q], queryFn: ({ signal }) => api<UptimeMonthView[]>(`/uptime/monthly${queryString(q)}`, { signal }) });
}
export function useExclusions(q: UptimeQuery) {
  return useQuery({ queryKey: [...keys.all, 'exclusions', q], queryFn: ({ signal }) => api<UptimeExclusionView[]>(`/uptime-exclusions${queryString(q)}`, { signal }) });
}
/** Records an excluded period; the figures are read again. */
export function useAddExclusion() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (body: UptimeExclusionRequest) => api<UptimeExclusionView>('/uptime-exclusions', { method: 'POST', body }), onSuccess: () => client.invalidateQueries({ queryKey: keys.all }) });
}
export function useDeleteExclusion() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api<void>(`/uptime-exclusions/${id}`, { method: 'DELETE' }), onSuccess: () => client.invalidateQueries({ queryKey: keys.all }) });
}
/** A station's maintenance windows not over yet. */
export function useMaintenanceWindows(stationId: string) {
  return useQuery({ queryKey: keys.maintenance(stationId), queryFn: ({ signal }) => api<MaintenanceWindowView[]>(`/maintenance-windows${queryString({ stationId, open: true })}`, { signal }) });
}
/** Starts (or schedules), ends or deletes maintenance; the station's windows are read again. */
export function useMaintenanceAction(stationId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { start: MaintenanceWindowRequest } | { end: number } | { remove: number }) =>
      'start' in a ? api('/maintenance-windows', { method: 'POST', body: a.start }) : 'end' in a ? api(`/maintenance-windows/${a.end}/end`, { method: 'POST' }) : api(`/maintenance-windows/${a.remove}`, { method: 'DELETE' }),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: keys.maintenance(stationId) }), client.invalidateQueries({ queryKey: ['station', stationId] })]),
  });
}
