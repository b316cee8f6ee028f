import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../core/accounts/index.js';
import { loginHeaders, sessionFor, type AuthHeaders, type TestSession } from '../test-kit/auth.js';
import { callRoute, concretePath, routesOfApp as routesOfFastify, SIGNED_ROUTES, type Outcome } from '../test-kit/routes.js';
import { startTestServer, type TestServer } from '../test-kit/server.js';
import { isApiPath, roleAllowed } from './auth.js';

/**
 * Every route of the whole app × every role: 401 without credentials, 403 for roles a route does not allow,
 * and neither for roles it allows. Routes are read from the app itself, so routes added later are covered.
 * Requests go over real HTTP and only the status is read (streams such as SSE are cut after the headers).
 */

let server: TestServer;
const sessions = new Map<Role, TestSession>();

beforeAll(async () => {
  server = await startTestServer();
  for (const role of ROLES) sessions.set(role, await sessionFor(server, role, `route-roles-${role}`));
});
afterAll(async () => server.close());

const call = (method: string, path: string, headers: AuthHeaders): Promise<Outcome> => callRoute(server.httpUrl, method, path, headers);

/** Some routes (logout) end the caller's session: log in again so the next route is tried with a live one. */
async function keepAlive(role: Role): Promise<void> {
  const session = sessions.get(role)!;
  if ((await call('GET', '/api/auth/me', session.headers)) !== 401) return;
  session.headers = await loginHeaders(server.http.fastify, session.username, session.password);
}

const routesOfApp = () => routesOfFastify(server.http.fastify);

describe('route roles', () => {
  it('finds the routes of the whole app', () => {
    const keys = routesOfApp().map((r) => `${r.method} ${r.url}`);
    expect(keys).toEqual(expect.arrayContaining(['GET /healthz', 'POST /api/auth/login', 'GET /api/users', 'DELETE /api/api-tokens/:id']));
  });

  it('every /api route declares roles', () => {
    const undeclared = routesOfApp().filter((r) => r.roles === undefined && isApiPath(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('answers 401 without credentials, 403 to roles not allowed, and lets allowed roles through', async () => {
    const failures: string[] = [];
    for (const route of routesOfApp()) {
      const path = concretePath(route.url);
      const name = `${route.method} ${route.url}`;
      const anonymous = await call(route.method, path, {});
      const isPublic = route.roles === 'public' || (route.roles === undefined && !isApiPath(route.url));
      if (isPublic) {
        if (SIGNED_ROUTES.has(name)) {
          if (anonymous !== 401) failures.push(`${name} is signed but answered ${anonymous} without a signature (expected 401)`);
        } else if (anonymous === 401 || anonymous === 403) failures.push(`${name} is public but answered ${anonymous} without credentials`);
        continue;
      }
      if (route.roles === undefined) continue; // reported by the test above
      if (anonymous !== 401) failures.push(`${name} answered ${anonymous} without credentials (expected 401)`);
      for (const role of ROLES) {
        const status = await call(route.method, path, sessions.get(role)!.headers);
        const allowed = roleAllowed(role, route.roles);
        if (allowed && (status === 401 || status === 403)) failures.push(`${name} refused allowed role ${role} with ${status}`);
        if (!allowed && status !== 403) failures.push(`${name} answered ${status} to role ${role} (expected 403)`);
        if (route.method !== 'GET') await keepAlive(role);
      }
    }
    expect(failures).toEqual([]);
  });
});
