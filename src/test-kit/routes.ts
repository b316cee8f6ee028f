import type { FastifyInstance } from 'fastify';
import type { RouteRoles } from '../http/auth.js';
import type { AuthHeaders } from './auth.js';

/**
 * Public routes that authenticate by a signature instead of a session (they answer 401 to an unsigned
 * request): the route walks expect that answer from them.
 */
export const SIGNED_ROUTES: ReadonlySet<string> = new Set(['POST /api/integrations/security-events']);

/** A concrete path for a route pattern: every parameter becomes `1` (fits numeric and text ids), wildcards `x`. */
export function concretePath(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, '1').replace(/\*/g, 'x');
}

/** Every route of the app once (HEAD and OPTIONS left out), with the roles it declares. */
export function routesOfApp(fastify: FastifyInstance): RouteRoles[] {
  const seen = new Set<string>();
  return fastify.routeRoles.filter((r) => {
    const key = `${r.method} ${r.url}`;
    if (r.method === 'HEAD' || r.method === 'OPTIONS' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a route walk got: the status, or `timeout` when nothing came within 5 s. */
export type Outcome = number | 'timeout';

/** Calls a route over real HTTP with `{}` as the body of unsafe methods; reads only the status. */
export async function callRoute(baseUrl: string, method: string, path: string, headers: AuthHeaders): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method, signal: controller.signal,
      headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      body: withBody ? '{}' : undefined,
    });
    await res.body?.cancel();
    return res.status;
  } catch (error) {
    if (controller.signal.aborted) return 'timeout';
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
