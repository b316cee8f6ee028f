/** Tariffs, their assignments and session cost: reads and writes. */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { SessionCostAnswer, TariffAssignmentRequest, TariffAssignmentView, TariffRequest, TariffView } from './types.js';

/** Cache keys of this file. */
export const tariffKeys = {
  tariffs: ['tariffs'] as const,
  assignments: ['tariff-assignments'] as const,
  sessionCost: (id: number, state: string) => ['session-cost', id, state] as const,
};

/** Tariffs at their current version. */
export function useTariffs() {
  return useQuery({ queryKey: tariffKeys.tariffs, queryFn: ({ signal }) => api<TariffView[]>('/tariffs', { signal }) });
}

/** Where tariffs apply. */
export function useTariffAssignments() {
  return useQuery({ queryKey: tariffKeys.assignments, queryFn: ({ signal }) => api<TariffAssignmentView[]>('/tariff-assignments', { signal }) });
}

/** A session's cost: refreshed every 10 s while it runs and until its final cost is written. */
export function useSessionCost(id: number, state: 'active' | 'completed') {
  return useQuery({
    queryKey: tariffKeys.sessionCost(id, state),
    queryFn: ({ signal }) => api<SessionCostAnswer>(`/sessions/${id}/cost`, { signal }),
    refetchInterval: (q) => (state === 'active' || (q.state.data?.cost && !q.state.data.cost.final) ? 10_000 : false),
  });
}

/** Creates a tariff, or changes one (which adds a version). */
export async function saveTariff(client: QueryClient, id: string | null, body: TariffRequest): Promise<TariffView> {
  const saved = await api<TariffView>(id ? `/tariffs/${id}` : '/tariffs', { method: id ? 'PATCH' : 'POST', body });
  await client.invalidateQueries({ queryKey: tariffKeys.tariffs });
  await client.invalidateQueries({ queryKey: tariffKeys.assignments });
  return saved;
}

/** Archives a tariff (its assignments go with it). */
export async function archiveTariff(client: QueryClient, id: string): Promise<void> {
  await api<void>(`/tariffs/${id}`, { method: 'DELETE' });
  await client.invalidateQueries({ queryKey: tariffKeys.tariffs });
  await client.invalidateQueries({ queryKey: tariffKeys.assignments });
}

/** Assigns a tariff to a scope (tariffId null removes the assignment). */
export async function assignTariff(client: QueryClient, body: TariffAssignmentRequest): Promise<void> {
  client.setQueryData(tariffKeys.assignments, await api<TariffAssignmentView[]>('/tariff-assignments', { method: 'PUT', body }));
}
