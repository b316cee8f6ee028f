import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ALL_ROLES, SESSION_COOKIE, audit, markAudited, principalOf, sessionOf } from '../../http/auth.js';
import type { Page } from '../../http/api-types.js';
import { ValidationError } from '../shared/app-error.js';
import { TooManyAttemptsError, UnauthenticatedError } from './account-errors.js';
import type { AccountsService } from './accounts-service.js';
import { ROLES, type AccountView, type ApiTokenView, type AuditEntryView, type CreatedApiToken, type Role, type SessionInfo } from './accounts.js';

const ADMIN: readonly Role[] = ['admin'];
const roleSchema = { type: 'string', enum: [...ROLES] } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

function page<T>(items: T[], nextCursor: string | null = null): Page<T> {
  return { items, nextCursor, total: items.length };
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', path: '/', expires: expiresAt });
}

/**
 * Runs before schema validation, which coerces types: a login whose username or password is not a string as
 * sent (a number, null, an array) or whose username holds a NUL (which PostgreSQL cannot store) is refused
 * with 400 before anything is looked up or recorded.
 */
function checkLoginBody(body: unknown): void {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof b.username !== 'string' || typeof b.password !== 'string') throw new ValidationError('username and password must be strings');
  if (b.username.includes('\u0000')) throw new ValidationError('username holds a NUL character');
}

/** Login, logout and the current session; users, API tokens and the audit log (admin only). */
export function registerAccountRoutes(fastify: FastifyInstance, deps: { accounts: AccountsService }): void {
  const { accounts } = deps;

  fastify.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    config: { roles: 'public' },
    preValidation: async (request) => checkLoginBody(request.body),
    schema: { body: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string', minLength: 1, maxLength: 200 }, password: { type: 'string', minLength: 1, maxLength: 1024 } } } },
  }, async (request, reply): Promise<SessionInfo & { user: AccountView }> => {
    try {
      const result = await accounts.sessions.login(request.body.username, request.body.password, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, result.sessionToken, result.absoluteExpiresAt);
      return { user: result.user, csrfToken: result.csrfToken };
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        void reply.header('Retry-After', String(error.retryAfterS));
        await audit(request, 'auth.login_throttled', null, { username: request.body.username }, 'refused');
      }
      throw error;
    }
  });

  fastify.get('/api/auth/me', { config: { roles: ALL_ROLES } }, async (request): Promise<SessionInfo & { user: AccountView }> => {
    const session = sessionOf(request);
    if (!session) throw new ValidationError('API tokens have no session; /api/auth/me is for browser logins');
    return { user: await accounts.get(session.id), csrfToken: session.csrfToken };
  });

  fastify.post('/api/auth/logout', { config: { roles: ALL_ROLES } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      await accounts.sessions.logout(cookie, sessionOf(request) ?? null);
      markAudited(request);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  fastify.post<{ Body: { currentPassword: string; newPassword: string } }>('/api/auth/password', {
    config: { roles: ALL_ROLES },
    schema: { body: { type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string', maxLength: 1024 }, newPassword: { type: 'string', maxLength: 1024 } } } },
  }, async (request, reply) => {
    const session = sessionOf(request);
    if (!session) throw new UnauthenticatedError('log in with a password to change it');
    await accounts.sessions.changePassword(session, request.body.currentPassword, request.body.newPassword);
    markAudited(request);
    return reply.status(204).send();
  });

  fastify.get('/api/users', { config: { roles: ADMIN } }, async (): Promise<Page<AccountView>> => page(await accounts.list()));

  fastify.post<{ Body: { username: string; role: Role; displayName?: string | null; password?: string } }>('/api/users', {
    config: { roles: ADMIN },
    schema: { body: { type: 'object', required: ['username', 'role'], properties: { username: { type: 'string' }, role: roleSchema, displayName: { type: ['string', 'null'] }, password: { type: 'string' } } } },
  }, async (request, reply): Promise<AccountView & { password?: string }> => {
    const { user, password } = await accounts.create(request.body, principalOf(request));
    markAudited(request);
    void reply.status(201);
    return password === undefined ? user : { ...user, password };
  });

  fastify.patch<{ Params: { id: string }; Body: { role?: Role; displayName?: string | null; disabled?: boolean; password?: string } }>('/api/users/:id', {
    config: { roles: ADMIN },
    schema: { params: idParams, body: { type: 'object', properties: { role: roleSchema, displayName: { type: ['string', 'null'] }, disabled: { type: 'boolean' }, password: { type: 'string' } } } },
  }, async (request): Promise<AccountView> => {
    const user = await accounts.update(request.params.id, request.body, principalOf(request), sessionOf(request)?.sessionId);
    markAudited(request);
    return user;
  });

  fastify.delete<{ Params: { id: string } }>('/api/users/:id', { config: { roles: ADMIN }, schema: { params: idParams } }, async (request, reply) => {
    await accounts.remove(request.params.id, principalOf(request));
    markAudited(request);
    return reply.status(204).send();
  });

  fastify.get('/api/api-tokens', { config: { roles: ADMIN } }, async (): Promise<Page<ApiTokenView>> => page(await accounts.apiTokens.list()));

  fastify.post<{ Body: { name: string; role: Role } }>('/api/api-tokens', {
    config: { roles: ADMIN },
    schema: { body: { type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: roleSchema } } },
  }, async (request, reply): Promise<CreatedApiToken> => {
    const created = await accounts.apiTokens.create(request.body, principalOf(request));
    markAudited(request);
    void reply.status(201);
    return created;
  });

  fastify.delete<{ Params: { id: string } }>('/api/api-tokens/:id', { config: { roles: ADMIN }, schema: { params: idParams } }, async (request, reply) => {
    await accounts.apiTokens.revoke(request.params.id, principalOf(request));
    markAudited(request);
    return reply.status(204).send();
  });

  fastify.get<{ Querystring: { action?: string; actor?: string; target?: string; cursor?: string; limit?: number } }>('/api/audit-log', {
    config: { roles: ADMIN },
    schema: { querystring: { type: 'object', properties: { action: { type: 'string' }, actor: { type: 'string' }, target: { type: 'string' }, cursor: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } } },
  }, async (request): Promise<Page<AuditEntryView>> => {
    const limit = request.query.limit ?? 100;
    const items = await accounts.audit({ ...request.query, before: request.query.cursor, limit });
    return page(items, items.length === limit ? (items.at(-1)?.id ?? null) : null);
  });
}
