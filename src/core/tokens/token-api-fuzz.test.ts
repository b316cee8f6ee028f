import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverView, Page, TokenImportReport } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

/**
 * Malformed input to the token and driver APIs: every answer is a clear 4xx (never a 5xx) and a refused
 * request stores nothing.
 */

let server: TestServer;
let operator: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  operator = await apiClient(server, 'operator');
  expect((await operator.post('/api/id-tokens', { token: 'FUZZ-BASE' })).status).toBe(201);
});
afterAll(async () => server.close());

const tokenCount = async () => (await server.services.tokens.list()).total;
const driverCount = async () => (await operator.get<Page<DriverView>>('/api/drivers')).body.total;

async function send(method: 'POST' | 'PATCH' | 'PUT', url: string, payload: string, contentType = 'application/json'): Promise<{ status: number; code: unknown }> {
  const res = await server.http.fastify.inject({ method, url, headers: { ...operator.headers, 'content-type': contentType }, payload });
  const body = res.body ? (JSON.parse(res.body) as { error?: { code?: unknown } }) : {};
  return { status: res.statusCode, code: body.error?.code };
}

/** Token texts no type accepts: too long, empty, control or non-ASCII characters. */
const badTokenText = fc.oneof(
  fc.string({ minLength: 37, maxLength: 80 }).filter((s) => s.trim().length > 36),
  fc.constantFrom('', '   ', 'tab\there', 'new\nline', 'nul\u0000byte', 'ünïcödé', '🔌🔌', 'del\u007f'),
);
/** Values no field accepts (scalars would be coerced to text by the schema validator, so they are left out). */
const notText = fc.constantFrom(null, [], {}, [1, 2]);
const badType = fc.string({ maxLength: 20 }).filter((t) => !['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization'].includes(t));
/** Changes no token accepts: one bad field each. */
const badPatch = fc.oneof(
  fc.string({ maxLength: 20 }).filter((s) => !['accepted', 'blocked', 'expired', 'invalid'].includes(s)).map((status) => ({ status })),
  fc.string({ maxLength: 30 }).filter((s) => Number.isNaN(Date.parse(s)) || !/^\d{4}-\d\d-\d\dT/.test(s)).map((expiresAt) => ({ expiresAt })),
  fc.oneof(fc.integer({ max: 0 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 101 })).map((maxConcurrentSessions) => ({ maxConcurrentSessions })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 100_001 })).map((monthlySessions) => ({ monthlySessions })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1_000_001 })).map((monthlyEnergyKwh) => ({ monthlyEnergyKwh })),
  fc.oneof(badTokenText.filter((g) => g.trim().length > 0), notText).map((groupId) => ({ groupId })),
  fc.string({ minLength: 201, maxLength: 300 }).map((label) => ({ label })),
  fc.string({ minLength: 1, maxLength: 30 }).map((driverId) => ({ driverId: `no-such-driver-${driverId}` })),
);
/** New tokens no rule accepts: bad text, type or any bad field of a change. */
const badNew = fc.oneof(
  fc.oneof(badTokenText, notText).map((token) => ({ token })),
  badType.map((type) => ({ token: 'FUZZ-NEW', type })),
  fc.constant({ token: 'FUZZ-NEW', type: 'NoAuthorization' }),
  fc.constantFrom(['ISO15693', '12345'], ['KeyCode', 'ab'], ['eMAID', 'NOT-AN-EMAID'], ['MacAddress', '00:11:22']).map(([type, token]) => ({ token, type })),
  badPatch.filter((p) => !('groupId' in p && p.groupId === null)).map((p) => ({ token: 'FUZZ-NEW', ...p })),
);

describe('token API fuzzing', () => {
  it('refuses malformed new tokens with 400 and stores nothing', async () => {
    const before = await tokenCount();
    await fc.assert(fc.asyncProperty(badNew, async (body) => {
      const res = await send('POST', '/api/id-tokens', JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.code).toBe('invalid_request');
    }), { numRuns: 200 });
    expect(await tokenCount()).toBe(before);
  });

  it('refuses malformed changes with 400 and changes nothing', async () => {
    const before = await server.services.tokens.get('FUZZ-BASE');
    await fc.assert(fc.asyncProperty(badPatch.filter((p) => !('groupId' in p && p.groupId === null)), async (patch) => {
      const res = await send('PATCH', '/api/id-tokens/FUZZ-BASE', JSON.stringify(patch));
      expect(res.status).toBe(400);
    }), { numRuns: 150 });
    expect(await server.services.tokens.get('FUZZ-BASE')).toEqual(before);
  });

  it('answers any JSON value or broken JSON with a 4xx, never a 5xx', async () => {
    const before = await tokenCount();
    const drivers = await driverCount();
    const payload = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 60 }));
    await fc.assert(fc.asyncProperty(fc.constantFrom('/api/id-tokens', '/api/id-tokens/import', '/api/drivers'), payload, async (url, text) => {
      const res = await send('POST', url, text);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
    }), { numRuns: 300 });
    // Random JSON can, rarely, be a valid request; whatever was accepted is accounted for by the answers above.
    expect(await tokenCount()).toBeGreaterThanOrEqual(before);
    expect(await driverCount()).toBeGreaterThanOrEqual(drivers);
  });

  it('imports random CSV text without a 5xx, storing exactly the rows it reports as added', async () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', ',', '\r\n', 'Central', 'KeyCode', 'blocked', '2027-01-01', "'=1+1"));
    const csv = fc.tuple(
      fc.constantFrom('token', 'token,type', 'token,status,expires_at', '\uFEFFtoken,label', 'token;group', 'type,label', 'token,unknown'),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')), { maxLength: 8 }),
      fc.constantFrom('\n', '\r\n', '\r'),
    ).map(([header, rows, eol]) => [header, ...rows].join(eol));
    await fc.assert(fc.asyncProperty(csv, fc.boolean(), async (text, asJson) => {
      const before = await tokenCount();
      const res = await server.http.fastify.inject({
        method: 'POST', url: '/api/id-tokens/import', headers: { ...operator.headers, 'content-type': asJson ? 'application/json' : 'text/csv' },
        payload: asJson ? JSON.stringify({ csv: text }) : text,
      });
      expect([200, 400]).toContain(res.statusCode);
      const added = res.statusCode === 200 ? res.json<TokenImportReport>().added : 0;
      expect(await tokenCount()).toBe(before + added);
    }), { numRuns: 150 });
  });
});
