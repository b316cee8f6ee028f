import type { FastifyInstance } from 'fastify';
import type { AccountsService, Role } from '../core/accounts/index.js';

/** Headers that authenticate a request made with `fastify.inject` or `fetch`. */
export type AuthHeaders = Record<string, string>;

/** What the helpers need from a started server (`startTestServer()` gives it). */
export interface AuthTarget {
  http: { fastify: FastifyInstance };
  services: { accounts: AccountsService };
}

let users = 0;

/** Logs in through POST /api/auth/login; returns the cookie and CSRF headers to send with later requests. */
export async function loginHeaders(fastify: FastifyInstance, username: string, password: string): Promise<AuthHeaders> {
  const res = await fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'cw_session');
  if (!cookie) throw new Error('login set no cw_session cookie');
  return { cookie: `cw_session=${cookie.value}`, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
}

/** A logged-in test user. */
export interface TestSession {
  headers: AuthHeaders;
  id: string;
  username: string;
  password: string;
}

/** Creates a user with `role` (a fresh name unless given) and logs them in. */
export async function sessionFor(server: AuthTarget, role: Role, username = `${role}-${++users}`): Promise<TestSession> {
  const password = `${username}-password`;
  const { user } = await server.services.accounts.create({ username, role, password }, null);
  return { headers: await loginHeaders(server.http.fastify, username, password), id: user.id, username, password };
}

/** Creates an API token with `role`; returns the Authorization header. */
export async function tokenFor(server: AuthTarget, role: Role): Promise<AuthHeaders> {
  const created = await server.services.accounts.apiTokens.create({ name: `test ${role} token ${++users}`, role }, null);
  return { authorization: `Bearer ${created.token}` };
}
