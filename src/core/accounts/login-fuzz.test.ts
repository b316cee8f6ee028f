import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

/**
 * The login API under malformed and hostile input: every answer is a clear 4xx in the one error shape, no
 * cookie is set, no session is created, and input the schema refuses stores nothing at all.
 */

let server: TestServer;
const USER = 'fuzz-target';

beforeAll(async () => {
  server = await startTestServer();
  await server.services.accounts.create({ username: USER, role: 'admin', password: 'the-real-password-1' }, null);
});
afterAll(async () => server.close());

const count = async (table: 'user_sessions' | 'login_failures' | 'audit_log'): Promise<number> =>
  Number((await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

async function login(payload: string, contentType = 'application/json') {
  const res = await server.http.fastify.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': contentType } });
  let code: unknown;
  try {
    code = (JSON.parse(res.body) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.statusCode, cookie: res.headers['set-cookie'], code };
}

/** A body the schema refuses: not an object with a 1–200 character username and a 1–1024 character password. */
const malformed = fc.oneof(
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as Record<string, unknown>).username !== 'string'),
  fc.record({ username: fc.oneof(fc.constant(''), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.string({ minLength: 201, maxLength: 400 })), password: fc.string() }),
  fc.record({ username: fc.constant(USER), password: fc.oneof(fc.constant(''), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string()), fc.string({ minLength: 1025, maxLength: 1100 })) }),
  fc.record({ username: fc.constant(USER) }),
).map((v) => JSON.stringify(v));

describe('login fuzzing', () => {
  it('answers malformed JSON bodies with 400, storing nothing and opening no session', async () => {
    const before = { sessions: await count('user_sessions'), failures: await count('login_failures'), audit: await count('audit_log') };
    await fc.assert(fc.asyncProperty(malformed, async (payload) => {
      const res = await login(payload);
      expect(res.status).toBe(400);
      expect(typeof res.code).toBe('string');
      expect(res.cookie).toBeUndefined();
    }), { numRuns: 150 });
    expect({ sessions: await count('user_sessions'), failures: await count('login_failures'), audit: await count('audit_log') }).toEqual(before);
  });

  it('answers broken JSON and other content types with a 4xx and no session', async () => {
    const sessions = await count('user_sessions');
    const raw = fc.oneof(fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), fc.constant('{"username":"fuzz-target","password":'), fc.constant('\u0000\u0001'));
    const type = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x');
    await fc.assert(fc.asyncProperty(raw, type, async (payload, contentType) => {
      const res = await login(payload, contentType);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.cookie).toBeUndefined();
    }), { numRuns: 150 });
    expect(await count('user_sessions')).toBe(sessions);
  });

  it('refuses well-formed wrong credentials (401, or 429 once throttled) without a session', async () => {
    const sessions = await count('user_sessions');
    const name = fc.oneof(fc.constant(USER), fc.constant(USER.toUpperCase()), fc.string({ minLength: 1, maxLength: 200 }), fc.constantFrom("' or 1=1 --", 'admin\u0000', '%', '_'));
    const password = fc.oneof(fc.string({ minLength: 1, maxLength: 1024 }), fc.constantFrom("' or '1'='1", 'the-real-password-1 ', 'THE-REAL-PASSWORD-1'));
    await fc.assert(fc.asyncProperty(name, password, async (username, pass) => {
      const res = await login(JSON.stringify({ username, password: pass }));
      expect(username.includes('\u0000') ? [400] : [401, 429]).toContain(res.status);
      expect(res.cookie).toBeUndefined();
    }), { numRuns: 100 });
    expect(await count('user_sessions')).toBe(sessions);
  });
});
