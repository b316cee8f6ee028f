import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountsService } from '../core/accounts/index.js';
import { FakeClock } from '../core/shared/clock.js';
import { randomIds } from '../core/shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';
import { silentLogger } from '../test-kit/logger.js';
import { audit, principalOf, registerAuth, roleAllowed } from './auth.js';
import { registerErrorHandler } from './error-handler.js';

let db: TestDatabase;
let app: FastifyInstance;
let accounts: AccountsService;
const logged: Array<{ msg: string; routes?: string[] }> = [];

beforeAll(async () => {
  const clock = new FakeClock();
  db = await createTestDatabase(clock);
  accounts = new AccountsService({ db: db.db, clock, ids: randomIds, logger: silentLogger });
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line) as { msg: string }) });
  app = Fastify();
  registerErrorHandler(app, logger);
  await registerAuth(app, { accounts, logger });
  app.get('/api/forgotten', async () => ({ leaked: true }));
  app.get('/api/open', { config: { roles: 'public' } }, async () => ({ open: true }));
  app.get('/api/ops', { config: { roles: ['operator'] } }, async (request) => ({ who: principalOf(request).name }));
  app.post('/api/ops/act', { config: { roles: ['operator'] } }, async (request) => {
    await audit(request, 'thing.done', 'thing-1', { n: 1 });
    return { ok: true };
  });
  app.get('/assets/app.js', async () => 'js');
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

async function bearer(role: 'operator' | 'viewer' | 'admin'): Promise<Record<string, string>> {
  const { token } = await accounts.apiTokens.create({ name: `t-${role}`, role }, null);
  return { authorization: `Bearer ${token}` };
}

describe('registerAuth', () => {
  it('refuses an /api route that declares no roles, to everyone, and names it in an error at startup', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/forgotten' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/forgotten', headers: await bearer('admin') })).statusCode).toBe(403);
    const error = logged.find((l) => l.msg.includes('declare no roles'));
    expect(error?.routes).toEqual(expect.arrayContaining(['GET /api/forgotten', 'HEAD /api/forgotten']));
    expect(error?.routes).not.toContain('GET /api/open');
  });

  it('serves public and non-API routes without credentials', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/open' })).json()).toEqual({ open: true });
    expect((await app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/nothing-here' })).statusCode).toBe(404);
  });

  it('answers 401 without credentials, 403 for other roles, and lets the role and admin in', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ops' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/ops', headers: await bearer('viewer') })).json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await app.inject({ method: 'GET', url: '/api/ops', headers: await bearer('operator') })).json()).toEqual({ who: 't-operator' });
    expect((await app.inject({ method: 'GET', url: '/api/ops', headers: await bearer('admin') })).statusCode).toBe(200);
  });

  it('audit() records the caller as actor', async () => {
    const headers = await bearer('operator');
    expect((await app.inject({ method: 'POST', url: '/api/ops/act', headers })).statusCode).toBe(200);
    const [entry] = await accounts.audit({ action: 'thing.' });
    expect(entry).toMatchObject({ actorName: 't-operator', action: 'thing.done', target: 'thing-1', detail: { n: 1, ip: '127.0.0.1' } });
  });

  it('roleAllowed: admin passes every declared list, nobody passes an undeclared one', () => {
    expect(roleAllowed('admin', [])).toBe(true);
    expect(roleAllowed('viewer', ['operator'])).toBe(false);
    expect(roleAllowed('admin', undefined)).toBe(false);
    expect(roleAllowed('driver', 'public')).toBe(true);
  });
});
