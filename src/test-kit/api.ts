import type { Role } from '../core/accounts/index.js';
import { sessionFor, tokenFor, type AuthHeaders, type AuthTarget } from './auth.js';

/** An answer of the API: status, parsed JSON body (undefined when empty) and headers. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | number | string[] | undefined>;
}

/** Calls the HTTP API in-process (fastify.inject) as a caller with one role; `headers` also work with real HTTP. */
export interface ApiClient {
  headers: AuthHeaders;
  get<T = unknown>(url: string): Promise<ApiAnswer<T>>;
  post<T = unknown>(url: string, body?: unknown): Promise<ApiAnswer<T>>;
  patch<T = unknown>(url: string, body?: unknown): Promise<ApiAnswer<T>>;
  put<T = unknown>(url: string, body?: unknown): Promise<ApiAnswer<T>>;
  delete<T = unknown>(url: string): Promise<ApiAnswer<T>>;
}

/** A client authenticated with a fresh API token of `role` (admin unless told otherwise). */
export async function apiClient(server: AuthTarget, role: Role = 'admin'): Promise<ApiClient> {
  return clientWith(server, await tokenFor(server, role));
}

/** A client signed in as a fresh user with `role` (cookie session): for what depends on who the user is. */
export async function userClient(server: AuthTarget, role: Role, username?: string): Promise<ApiClient & { userId: string }> {
  const session = await sessionFor(server, role, username);
  return { ...clientWith(server, session.headers), userId: session.id };
}

function clientWith(server: AuthTarget, headers: AuthHeaders): ApiClient {
  const call = async <T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const res = await server.http.fastify.inject({ method, url, headers, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, body: (res.body.length > 0 && String(res.headers['content-type']).includes('json') ? res.json() : undefined) as T, headers: res.headers };
  };
  return {
    headers,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    patch: (url, body) => call('PATCH', url, body),
    put: (url, body) => call('PUT', url, body),
    delete: (url) => call('DELETE', url),
  };
}
