import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../core/accounts/index.js';
import type { AuthHeaders } from '../test-kit/auth.js';
import { waitUntil } from '../test-kit/eventually.js';
import { callRoute, concretePath, routesOfApp } from '../test-kit/routes.js';
import { startTestServer, type TestServer } from '../test-kit/server.js';
import { isApiPath, roleAllowed } from './auth.js';

/**
 * Every change route of the API leaves an audit line — as the allowed admin (whatever the outcome: most
 * answer 400/404 to an empty body, and that attempt is recorded) and as a role it refuses (result
 * `refused`). Routes are read from the app, so routes added later are walked too.
 */

let server: TestServer;
const callers = new Map<Role, { headers: AuthHeaders; id: string }>();
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

beforeAll(async () => {
  server = await startTestServer();
  for (const role of ['admin', 'viewer'] as const) {
    const created = await server.services.accounts.apiTokens.create({ name: `audit trail ${role}`, role }, null);
    callers.set(role, { headers: { authorization: `Bearer ${created.token}` }, id: created.id });
  }
});
afterAll(async () => server.close());

const lastId = async (): Promise<string> => (await server.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? '0';

/** The audit lines written after `afterId` by `actor` (waits a little: the trail writes once the answer is sent). */
async function linesAfter(afterId: string, actor: string) {
  return waitUntil(async () => {
    const rows = await server.database.db.selectFrom('audit_log').selectAll().where('id', '>', afterId).where('actor', '=', actor).execute();
    return rows.length > 0 ? rows : undefined;
  }, 3_000, 'an audit line').catch(() => []);
}

describe('audit trail', () => {
  it('records every change route called by an allowed and by a refused caller, with the result', async () => {
    const routes = routesOfApp(server.http.fastify).filter((r) => UNSAFE.has(r.method) && isApiPath(r.url) && r.roles !== 'public' && r.roles !== undefined);
    expect(routes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      for (const role of ['admin', 'viewer'] as const) {
        const caller = callers.get(role)!;
        const before = await lastId();
        const status = await callRoute(server.httpUrl, route.method, concretePath(route.url), caller.headers);
        const lines = await linesAfter(before, caller.id);
        if (lines.length === 0) {
          missing.push(`${name} as ${role} (${status}) left no audit line`);
          continue;
        }
        const expected = status === 'timeout' ? undefined : status >= 500 ? 'error' : status >= 400 ? 'refused' : 'ok';
        if (!roleAllowed(role, route.roles) && status !== 403) missing.push(`${name} as ${role} answered ${status}`);
        if (expected && !lines.some((l) => l.result === expected)) missing.push(`${name} as ${role} (${status}) recorded ${lines.map((l) => l.result).join(',')}`);
        if (!lines.every((l) => l.ip !== null)) missing.push(`${name} as ${role}: audit line without an address`);
      }
    }
    expect(missing).toEqual([]);
  }, 300_000);

  it('names the route, the target and the status of a refused change', async () => {
    const viewer = callers.get('viewer')!;
    const before = await lastId();
    expect(await callRoute(server.httpUrl, 'DELETE', '/api/sites/3f0f2a3c-8f1e-4a53-9d55-bb1b7c0ac001', viewer.headers)).toBe(403);
    const [line] = await linesAfter(before, viewer.id);
    expect(line).toMatchObject({ action: 'DELETE /api/sites/:id', target: '3f0f2a3c-8f1e-4a53-9d55-bb1b7c0ac001', result: 'refused', detail: { status: 403 } });
  });
});
