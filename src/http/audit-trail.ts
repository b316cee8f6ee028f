import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../core/accounts/index.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The thing a request acts on, from its path parameters (`:id`, `:stationId`, … or the first one). */
function targetOf(request: FastifyRequest): string | null {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const value = params.id ?? params.stationId ?? params.token ?? Object.values(params)[0];
  return typeof value === 'string' ? value : null;
}

/**
 * The audit trail's safety net: every change request through the API by a known caller that its route did
 * not audit itself — above all the refused and failed ones, which end before the route's own `audit()` —
 * is recorded with the route as action and the result from the status (403 and other 4xx: refused, 5xx:
 * error). Public routes (login, signed integrations) record their own outcomes; anonymous requests are
 * answered 401 before anyone is known and are not recorded.
 */
export function registerAuditTrail(fastify: FastifyInstance, deps: { auditLog: AuditLog; wasAudited(request: FastifyRequest): boolean; isApiPath(url: string): boolean }): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const url = request.routeOptions.url;
    if (!UNSAFE.has(request.method) || url === undefined || !deps.isApiPath(url) || request.principal === null || deps.wasAudited(request)) return;
    if (request.routeOptions.config.roles === 'public') return;
    const status = reply.statusCode;
    const result = status >= 500 ? 'error' : status >= 400 ? 'refused' : 'ok';
    await deps.auditLog.record({
      actor: request.principal, action: `${request.method} ${url}`, target: targetOf(request), ip: request.ip, result,
      detail: { ip: request.ip, status, route: `${request.method} ${url}` },
    });
  });
}
