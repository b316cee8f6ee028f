import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/shared/app-error.js';
import type { Logger } from '../core/shared/logger.js';
import { registerAuditTrail } from './audit-trail.js';
import { ForbiddenError, ROLES, UnauthenticatedError, type AuditLog, type Principal, type Role, type SessionPrincipal } from '../core/accounts/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route: the roles allowed (admin always is), or 'public' for no authentication.
     * A route under /api without `roles` is refused to everyone.
     */
    roles?: readonly Role[] | 'public';
  }
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Where `audit()` writes. */
    auditLog: AuditLog;
    /** Every route registered, with the roles it declares (for checks and the route-roles test). */
    routeRoles: RouteRoles[];
  }
}

/** Name of the HTTP-only session cookie. */
export const SESSION_COOKIE = 'cw_session';
/** Header that must echo the session's CSRF token on unsafe requests made with the cookie. */
export const CSRF_HEADER = 'x-csrf-token';

/** Every role. */
export const ALL_ROLES: readonly Role[] = ROLES;
/** The operator staff: everyone but drivers (for read-only dashboard routes). */
export const STAFF_ROLES: readonly Role[] = ['operator', 'technician', 'viewer'];
/** Roles that may act on stations (commands, maintenance). */
export const OPERATE_ROLES: readonly Role[] = ['operator', 'technician'];

/** A registered route and the roles it declares. */
export interface RouteRoles {
  method: string;
  url: string;
  roles: readonly Role[] | 'public' | undefined;
}

/** What the auth plugin needs: the two ways to authenticate and the audit log. */
export interface AuthDeps {
  accounts: AuditLog & {
    sessions: { authenticate(token: string): Promise<SessionPrincipal | undefined> };
    apiTokens: { authenticate(token: string): Promise<Principal | undefined> };
  };
  logger: Logger;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sessions = new WeakMap<FastifyRequest, SessionPrincipal>();

/** True for paths of the JSON API, where a route without declared roles is refused. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Whether a role may call a route that allows `roles`. */
export function roleAllowed(role: Role, roles: readonly Role[] | 'public' | undefined): boolean {
  if (roles === 'public') return true;
  if (roles === undefined) return false;
  return role === 'admin' || roles.includes(role);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authentication and authorization for every route: a cookie session (with CSRF check on unsafe methods) or
 * a bearer API token, then the route's `config.roles`. Register before any route.
 */
export async function registerAuth(fastify: FastifyInstance, deps: AuthDeps): Promise<void> {
  await fastify.register(fastifyCookie);
  const routes: RouteRoles[] = [];
  fastify.decorate('auditLog', deps.accounts);
  fastify.decorate('routeRoles', routes);
  fastify.decorateRequest('principal', null);

  fastify.addHook('onRoute', (route) => {
    const roles = route.config?.roles;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, roles });
  });
  fastify.addHook('onReady', async () => {
    const open = routes.filter((r) => r.roles === undefined && isApiPath(r.url)).map((r) => `${r.method} ${r.url}`);
    if (open.length) deps.logger.error({ routes: open }, 'API routes declare no roles and are refused to everyone');
  });

  registerAuditTrail(fastify, { auditLog: deps.accounts, wasAudited, isApiPath });

  fastify.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no route matched: the not-found handler answers
    const roles = request.routeOptions.config.roles;
    if (roles === 'public') return;
    if (roles === undefined) {
      if (!isApiPath(url)) return;
      throw new ForbiddenError('this route declares no roles');
    }
    const principal = await authenticate(request, deps);
    if (!principal) throw new UnauthenticatedError();
    // Known before the role check so that a refused request is audited with who made it.
    request.principal = principal;
    if (!roleAllowed(principal.role, roles)) throw new ForbiddenError();
  });
}

async function authenticate(request: FastifyRequest, deps: AuthDeps): Promise<Principal | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <API token>"');
    const principal = await deps.accounts.apiTokens.authenticate(match[1]!);
    if (!principal) throw new UnauthenticatedError('unknown or revoked API token');
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const session = await deps.accounts.sessions.authenticate(cookie);
  if (!session) throw new UnauthenticatedError('the session has expired; log in again');
  if (UNSAFE.has(request.method)) {
    const header = request.headers[CSRF_HEADER];
    if (typeof header !== 'string' || !sameSecret(header, session.csrfToken)) {
      throw new AppError('csrf', `missing or wrong ${CSRF_HEADER} header`, 403);
    }
  }
  sessions.set(request, session);
  return session;
}

/** The caller of a route that declares roles (throws on a public route, where there may be none). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

/** The cookie session behind the request, when it was made by a logged-in browser (not an API token). */
export function sessionOf(request: FastifyRequest): SessionPrincipal | undefined {
  return sessions.get(request);
}

const audited = new WeakSet<FastifyRequest>();

/**
 * Records an action in the audit log with the request's caller as actor and address, e.g.
 * `await audit(request, 'station.approved', stationId, { previous: 'pending' })`. Never throws.
 */
export async function audit(request: FastifyRequest, action: string, target: string | null, detail: Record<string, unknown> = {}, result: 'ok' | 'refused' | 'error' = 'ok'): Promise<void> {
  audited.add(request);
  await request.server.auditLog.record({ actor: request.principal, action, target, ip: request.ip, result, detail: { ip: request.ip, ...detail } });
}

/** How a failed action reads in the audit log: refused for a 4xx AppError (not allowed, not found, invalid), error otherwise. */
export function auditResultOf(error: unknown): 'refused' | 'error' {
  return error instanceof AppError && error.status < 500 ? 'refused' : 'error';
}

/**
 * Runs an operator action and audits it with its outcome (ok, refused or error), whether it returned or threw;
 * `detail` may read the result (undefined when it threw).
 */
export async function auditedAction<T>(
  request: FastifyRequest, action: string, target: string | null, detail: Record<string, unknown> | ((result: T | undefined) => Record<string, unknown>), work: () => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  let outcome: 'ok' | 'refused' | 'error' = 'ok';
  try {
    result = await work();
    return result;
  } catch (error) {
    outcome = auditResultOf(error);
    throw error;
  } finally {
    await audit(request, action, target, typeof detail === 'function' ? detail(result) : detail, outcome);
  }
}

/** Notes that a service already wrote this request's audit line (so the audit trail hook adds none). */
export function markAudited(request: FastifyRequest): void {
  audited.add(request);
}

/** Whether the request's action was audited by its route or service. */
export function wasAudited(request: FastifyRequest): boolean {
  return audited.has(request);
}
