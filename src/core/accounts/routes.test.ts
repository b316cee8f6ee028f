import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sessionFor, tokenFor, type TestSession } from '../../test-kit/auth.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import type { Page } from '../../http/api-types.js';
import type { AccountView, ApiTokenView, CreatedApiToken, SessionInfo } from './accounts.js';

let server: TestServer;
let app: FastifyInstance;
let admin: TestSession;
let viewer: TestSession;

beforeAll(async () => {
  server = await startTestServer();
  app = server.http.fastify;
  admin = await sessionFor(server, 'admin', 'boss');
  viewer = await sessionFor(server, 'viewer', 'watcher');
});
afterAll(async () => server.close());

describe('login and session', () => {
  it('sets an HTTP-only SameSite=Lax cookie and answers SessionInfo with a CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'BOSS', password: admin.password } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as SessionInfo & { user: AccountView };
    expect(body.user).toMatchObject({ username: 'boss', role: 'admin', disabled: false, mustChangePassword: false });
    expect(body.csrfToken.length).toBeGreaterThan(10);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^cw_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here
    expect(setCookie).not.toContain(admin.password);
  });

  it('GET /api/auth/me returns the session, 401 without one or with a bad cookie', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: viewer.headers.cookie! } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'watcher', role: 'viewer' }, csrfToken: viewer.headers['x-csrf-token'] });
    const none = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: 'cw_session=forged' } })).statusCode).toBe(401);
  });

  it('refuses wrong passwords with 401 and throttles with 429 and Retry-After', async () => {
    await sessionFor(server, 'operator', 'victim');
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: `guess-number-${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim', password: 'victim-password' } });
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(800);
    expect(res.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'victim' } })).statusCode).toBe(400);
  });

  it('logout ends the session and clears the cookie', async () => {
    const session = await sessionFor(server, 'technician');
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['set-cookie'])).toMatch(/cw_session=;/);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers })).statusCode).toBe(401);
  });

  it('lets a user change their own password', async () => {
    const session = await sessionFor(server, 'driver');
    const bad = await app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword: 'wrong-one-here', newPassword: 'a-brand-new-password' } });
    expect(bad.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/password', headers: session.headers, payload: { currentPassword: session.password, newPassword: 'a-brand-new-password' } });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: session.username, password: 'a-brand-new-password' } })).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses unsafe cookie requests without the matching x-csrf-token header', async () => {
    const payload = { name: 'csrf probe', role: 'viewer' };
    const missing = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: { cookie: admin.headers.cookie! }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'csrf' } });
    const wrong = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: { cookie: admin.headers.cookie!, 'x-csrf-token': `${admin.headers['x-csrf-token']}x` }, payload });
    expect(wrong.statusCode).toBe(403);
    const otherSession = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: { cookie: admin.headers.cookie!, 'x-csrf-token': viewer.headers['x-csrf-token']! }, payload });
    expect(otherSession.statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: '/api/users/nobody', headers: { cookie: admin.headers.cookie! } })).statusCode).toBe(403);
    const right = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: admin.headers, payload });
    expect(right.statusCode).toBe(201);
    // Safe methods need no header.
    expect((await app.inject({ method: 'GET', url: '/api/api-tokens', headers: { cookie: admin.headers.cookie! } })).statusCode).toBe(200);
  });
});

describe('API tokens', () => {
  it('authenticate by bearer without CSRF, are scoped to their role, and stop working when revoked', async () => {
    const adminToken = await tokenFor(server, 'admin');
    const res = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: adminToken, payload: { name: 'grafana', role: 'viewer' } });
    expect(res.statusCode).toBe(201);
    const created = res.json() as CreatedApiToken;
    expect(created).toMatchObject({ name: 'grafana', role: 'viewer', revokedAt: null, lastUsedAt: null });
    expect(created.token).toMatch(/^cw_/);
    const viewerToken = { authorization: `Bearer ${created.token}` };
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: viewerToken })).statusCode).toBe(403);
    const list = (await app.inject({ method: 'GET', url: '/api/api-tokens', headers: admin.headers })).json() as Page<ApiTokenView>;
    expect(list.items.find((t) => t.id === created.id)).not.toHaveProperty('token');
    expect((await app.inject({ method: 'DELETE', url: `/api/api-tokens/${created.id}`, headers: adminToken })).statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: viewerToken });
    expect(after.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: { authorization: 'Bearer cw_unknown' } })).statusCode).toBe(401);
  });
});

describe('users API', () => {
  it('lets an admin create, change and delete users; others get 403', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/users', headers: viewer.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: viewer.headers, payload: { username: 'x', role: 'admin' } })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'Newbie', role: 'operator', displayName: 'New Bie' } });
    expect(created.statusCode).toBe(201);
    const user = created.json() as AccountView & { password: string };
    expect(user.password.length).toBeGreaterThan(10);
    expect(user.mustChangePassword).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'newbie', role: 'viewer', password: 'long-enough-pw' } })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'shorty', role: 'viewer', password: 'short' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/users', headers: admin.headers, payload: { username: 'king', role: 'king' } })).statusCode).toBe(400);

    const patched = await app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.headers, payload: { role: 'technician', disabled: true } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ role: 'technician', disabled: true });
    const listed = (await app.inject({ method: 'GET', url: '/api/users', headers: admin.headers })).json() as Page<AccountView>;
    expect(listed.items.map((u) => u.username)).toEqual(expect.arrayContaining(['boss', 'Newbie', 'watcher']));
    expect((await app.inject({ method: 'DELETE', url: `/api/users/${user.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/users/${user.id}`, headers: admin.headers })).statusCode).toBe(404);
  });

  it('refuses to demote, disable or delete the last active admin', async () => {
    const users = (await app.inject({ method: 'GET', url: '/api/users', headers: admin.headers })).json() as Page<AccountView>;
    const admins = users.items.filter((u) => u.role === 'admin' && !u.disabled);
    expect(admins.map((u) => u.username)).toEqual(['boss']);
    for (const [method, payload] of [['PATCH', { role: 'viewer' }], ['PATCH', { disabled: true }], ['DELETE', undefined]] as const) {
      const res = await app.inject({ method, url: `/api/users/${admin.id}`, headers: admin.headers, payload });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'last_admin' } });
    }
  });

  it('writes what admins do to the audit log', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/audit-log?action=user.', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    const entries = (res.json() as Page<{ action: string; actorName: string | null }>).items;
    expect(entries.filter((e) => e.actorName === 'boss').map((e) => e.action)).toEqual(expect.arrayContaining(['user.created', 'user.updated', 'user.deleted']));
  });
});
