/** Drivers and their id tokens: reads, writes, CSV import/export, and the cache keys a change refreshes. */
import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, downloadUrl, queryString } from './client.js';
import type {
  DriverQuery, DriverRequest, DriverUpdate, DriverView, IdTokenQuery, IdTokenRequest, IdTokenUpdate, IdTokenUsageView, IdTokenView, Page,
  TokenGroupView, TokenImportReport,
} from './types.js';

/** Cache keys: token lists under `id-tokens`, drivers under `drivers`. */
export const tokenKeys = {
  tokens: ['id-tokens'] as const,
  tokenList: (q: IdTokenQuery) => ['id-tokens', 'list', q] as const,
  token: (token: string) => ['id-tokens', 'one', token.toUpperCase()] as const,
  usage: (token: string) => ['id-tokens', 'usage', token.toUpperCase()] as const,
  groups: ['id-tokens', 'groups'] as const,
  drivers: ['drivers'] as const,
  driverList: (q: DriverQuery) => ['drivers', 'list', q] as const,
  driver: (id: string) => ['drivers', 'one', id] as const,
  driverTokens: (id: string) => ['drivers', 'tokens', id] as const,
};

/** The address of the CSV export of every token. */
export const TOKEN_EXPORT_URL = downloadUrl('/id-tokens/export', { format: 'csv' });

/** Tokens matching a query, by token text, page by page. */
export function useTokenPages(query: IdTokenQuery) {
  return useInfiniteQuery({
    queryKey: tokenKeys.tokenList(query),
    queryFn: ({ pageParam, signal }) => api<Page<IdTokenView>>(`/id-tokens${queryString({ ...query, limit: 100, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** This month's use of a token. */
export function useTokenUsage(token: string | null) {
  return useQuery({
    queryKey: tokenKeys.usage(token ?? ''),
    queryFn: ({ signal }) => api<IdTokenUsageView>(`/id-tokens/${encodeURIComponent(token!)}/usage`, { signal }),
    enabled: token !== null,
  });
}

/** The group id tags in use. */
export function useTokenGroups() {
  return useQuery({ queryKey: tokenKeys.groups, queryFn: ({ signal }) => api<TokenGroupView[]>('/id-tokens/groups', { signal }) });
}

/** Drivers matching a query, by name, page by page. */
export function useDriverPages(query: DriverQuery) {
  return useInfiniteQuery({
    queryKey: tokenKeys.driverList(query),
    queryFn: ({ pageParam, signal }) => api<Page<DriverView>>(`/drivers${queryString({ ...query, limit: 100, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The first drivers by name, for pickers. */
export function useDriverChoices() {
  return useQuery({ queryKey: tokenKeys.driverList({ limit: 1000 }), queryFn: ({ signal }) => api<Page<DriverView>>('/drivers?limit=1000', { signal }) });
}

/** One driver. */
export function useDriver(id: string) {
  return useQuery({ queryKey: tokenKeys.driver(id), queryFn: ({ signal }) => api<DriverView>(`/drivers/${encodeURIComponent(id)}`, { signal }) });
}

/** A driver's tokens. */
export function useDriverTokens(id: string) {
  return useQuery({ queryKey: tokenKeys.driverTokens(id), queryFn: ({ signal }) => api<IdTokenView[]>(`/drivers/${encodeURIComponent(id)}/tokens`, { signal }) });
}

/** Refetches everything about tokens and drivers after a change (token counts show on drivers). */
function refresh(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: tokenKeys.tokens });
  void client.invalidateQueries({ queryKey: tokenKeys.drivers });
}

/** Adds a token. */
export async function createToken(client: QueryClient, body: IdTokenRequest): Promise<IdTokenView> {
  const token = await api<IdTokenView>('/id-tokens', { method: 'POST', body });
  refresh(client);
  return token;
}

/** Changes a token (null clears a field). */
export async function updateToken(client: QueryClient, token: string, body: IdTokenUpdate): Promise<IdTokenView> {
  const updated = await api<IdTokenView>(`/id-tokens/${encodeURIComponent(token)}`, { method: 'PATCH', body });
  refresh(client);
  return updated;
}

/** Deletes a token. */
export async function deleteToken(client: QueryClient, token: string): Promise<void> {
  await api<void>(`/id-tokens/${encodeURIComponent(token)}`, { method: 'DELETE' });
  refresh(client);
}

/** Imports a token CSV and returns the report of added, updated and rejected rows. */
export async function importTokens(client: QueryClient, csv: string): Promise<TokenImportReport> {
  const report = await api<TokenImportReport>('/id-tokens/import', { method: 'POST', body: { csv } });
  refresh(client);
  return report;
}

/** Adds a driver. */
export async function createDriver(client: QueryClient, body: DriverRequest): Promise<DriverView> {
  const driver = await api<DriverView>('/drivers', { method: 'POST', body });
  refresh(client);
  return driver;
}

/** Changes a driver. */
export async function updateDriver(client: QueryClient, id: string, body: DriverUpdate): Promise<DriverView> {
  const driver = await api<DriverView>(`/drivers/${encodeURIComponent(id)}`, { method: 'PATCH', body });
  refresh(client);
  return driver;
}

/** Deletes a driver (their tokens stay). */
export async function deleteDriver(client: QueryClient, id: string): Promise<void> {
  await api<void>(`/drivers/${encodeURIComponent(id)}`, { method: 'DELETE' });
  refresh(client);
}

/** Gives a token to a driver. */
export async function assignToken(client: QueryClient, driverId: string, token: string): Promise<IdTokenView> {
  const updated = await api<IdTokenView>(`/drivers/${encodeURIComponent(driverId)}/tokens/${encodeURIComponent(token)}`, { method: 'PUT' });
  refresh(client);
  return updated;
}

/** Takes a token away from a driver. */
export async function unassignToken(client: QueryClient, driverId: string, token: string): Promise<void> {
  await api<void>(`/drivers/${encodeURIComponent(driverId)}/tokens/${encodeURIComponent(token)}`, { method: 'DELETE' });
  refresh(client);
}
