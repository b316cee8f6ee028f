import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecordView, Page } from '../../http/api-types.js';
import { apiClient, userClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await apiClient(server, 'admin');
  await server.http.fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password' } });
  const operator = await userClient(server, 'operator', 'audit-operator');
  expect((await operator.post('/api/sites', { name: 'Audited site' })).status).toBe(201);
  expect((await operator.delete('/api/users/someone')).status).toBe(403);
  await waitUntil(async () => (await server.database.db.selectFrom('audit_log').select('id').where('result', '=', 'refused').where('actor_name', '=', 'audit-operator').executeTakeFirst()) ?? false, 5_000, 'refusal audited');
});
afterAll(async () => server.close());

describe('audit log', () => {
  it('is append-only in the database: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { db } = server.database;
    const before = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('records who, from where, what and the result of logins and changes', async () => {
    const items = (await admin.get<Page<AuditRecordView>>('/api/audit?limit=1000')).body.items;
    expect(items.find((i) => i.action === 'auth.login_failed')).toMatchObject({ actorName: 'nobody', result: 'refused', ip: '127.0.0.1', detail: { reason: 'unknown user' } });
    expect(items.find((i) => i.action === 'auth.login' && i.actorName === 'audit-operator')).toMatchObject({ result: 'ok' });
    expect(items.find((i) => i.action === 'site.created')).toMatchObject({ actorName: 'audit-operator', result: 'ok', ip: '127.0.0.1', detail: { name: 'Audited site' } });
    expect(items.find((i) => i.action === 'DELETE /api/users/:id')).toMatchObject({ actorName: 'audit-operator', result: 'refused', target: 'someone', detail: { status: 403 } });
  });

  it('filters by actor, action, result, text and time, and pages by cursor', async () => {
    const search = async (q: string) => (await admin.get<Page<AuditRecordView>>(`/api/audit?${q}`)).body;
    expect((await search('actor=AUDIT-operator')).items.every((i) => i.actorName === 'audit-operator')).toBe(true);
    expect((await search('action=auth.')).items.map((i) => i.action).every((a) => a.startsWith('auth.'))).toBe(true);
    expect((await search('result=refused')).items.map((i) => i.action).sort()).toEqual(['DELETE /api/users/:id', 'auth.login_failed']);
    expect((await search('q=audited%20SITE')).items.map((i) => i.action)).toEqual(['site.created']);
    expect((await search('from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).items).toEqual([]);
    const all = (await search('limit=1000')).items;
    const first = await search('limit=2');
    const second = await search(`limit=2&cursor=${first.nextCursor!}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.slice(0, 4).map((i) => i.id));
    expect((await admin.get('/api/audit?cursor=abc')).status).toBe(400);
    expect((await admin.get('/api/audit?result=maybe')).status).toBe(400);
  });

  it('exports the filtered lines as CSV, defusing spreadsheet formulas', async () => {
    await server.services.accounts.record({ actor: null, actorName: '=HYPERLINK("x")', action: 'test.formula', target: null });
    const res = await server.http.fastify.inject({ method: 'GET', url: '/api/audit/export.csv?action=test.', headers: admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,actorName,ip,action,target,result,detail');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")",,test.formula,,ok,{}`);
  });

  it('is for admins only', async () => {
    const operator = await apiClient(server, 'operator');
    expect((await operator.get('/api/audit')).status).toBe(403);
    expect((await operator.get('/api/audit/export.csv')).status).toBe(403);
  });
});
