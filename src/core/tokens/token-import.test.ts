import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { DriverService } from '../drivers/index.js';
import { NotFoundError } from '../shared/app-error.js';

let kit: CoreKit;
let drivers: DriverService;
beforeAll(async () => {
  kit = await createCoreKit();
  drivers = new DriverService({ db: kit.database.db, clock: kit.clock, ids: kit.ids, users: { get: async (id) => { throw new NotFoundError('user', id); } } });
});
afterAll(async () => kit.close());

const header = 'token,type,status,expires_at,group,label,driver_email';

describe('token CSV import', () => {
  it('adds new tokens, updates known ones with the columns given, links drivers by e-mail, and reports the rest', async () => {
    const jane = await drivers.create({ name: 'Jane Doe', email: 'Jane@Example.com' });
    await kit.tokens.add({ token: 'KNOWN-1', label: 'old label', groupId: 'OLD', maxConcurrentSessions: 2 });
    const report = await kit.tokens.importCsv([
      header,
      'NEW-1,Central,,2027-01-01T00:00:00Z,FLEET,"Doe, Jane",jane@example.com',
      'known-1,,blocked,,,new label,',
      'NEW-2,,,,,,nobody@example.com',
      'NEW-2,,,,,,',
      'BAD,KeyCode,,,,,',
    ].join('\r\n'));
    expect(report).toEqual({
      added: 1, updated: 1,
      rejected: [
        { line: 4, token: 'NEW-2', reason: 'no driver has the e-mail nobody@example.com' },
        { line: 5, token: 'NEW-2', reason: 'duplicate of line 4' },
        { line: 6, token: 'BAD', reason: expect.stringMatching(/KeyCode/) },
      ],
    });
    expect(await kit.tokens.get('NEW-1')).toMatchObject({ type: 'Central', status: 'accepted', groupId: 'FLEET', label: 'Doe, Jane', driverId: jane.id, driverName: 'Jane Doe', expiresAt: '2027-01-01T00:00:00.000Z' });
    // Empty cells clear, the status changes, and the limit (not a CSV column) stays.
    expect(await kit.tokens.get('KNOWN-1')).toMatchObject({ token: 'KNOWN-1', status: 'blocked', groupId: null, label: 'new label', driverId: null, maxConcurrentSessions: 2 });
    await expect(kit.tokens.get('NEW-2')).rejects.toThrow(NotFoundError);
    const events = kit.events.filter((e) => e.type === 'token.added' || e.type === 'token.updated').slice(-2);
    expect(events.map((e) => [e.type, e.data.token, e.data.status])).toEqual([['token.added', 'NEW-1', 'accepted'], ['token.updated', 'KNOWN-1', 'blocked']]);
  });

  it('refuses a new type that the stored token text does not fit', async () => {
    await kit.tokens.add({ token: 'CARD-XY' });
    const report = await kit.tokens.importCsv('token,type\nCARD-XY,MacAddress\n');
    expect(report).toMatchObject({ added: 0, updated: 0, rejected: [{ line: 2, token: 'CARD-XY', reason: expect.stringMatching(/MacAddress/) }] });
  });

  it('stores nothing when the database fails part-way', async () => {
    await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.token = 'BOOM' then raise exception 'boom'; end if; return new; end $$`.execute(kit.database.db);
    await sql`create trigger refuse_boom before insert on id_tokens for each row execute function refuse_boom()`.execute(kit.database.db);
    try {
      const before = (await kit.tokens.list()).total;
      const eventsBefore = kit.events.length;
      await expect(kit.tokens.importCsv('token,label\nATOMIC-1,a\nKNOWN-1,changed\nBOOM,b\nATOMIC-2,c\n')).rejects.toThrow(/boom/);
      expect((await kit.tokens.list()).total).toBe(before);
      expect((await kit.tokens.get('KNOWN-1')).label).toBe('new label');
      expect(kit.events.length).toBe(eventsBefore);
    } finally {
      await sql`drop trigger refuse_boom on id_tokens`.execute(kit.database.db);
    }
  });

  it('exports every token in the import format, and the export imports back unchanged', async () => {
    await kit.tokens.add({ token: '-FORMULA', type: 'Local', label: '=cmd|x' });
    let csv = '';
    for await (const chunk of kit.tokens.exportCsv()) csv += chunk;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(header);
    expect(lines).toContain("'-FORMULA,Local,accepted,,,'=cmd|x,");
    expect(lines).toContain('NEW-1,Central,accepted,2027-01-01T00:00:00.000Z,FLEET,"Doe, Jane",Jane@Example.com');
    const total = (await kit.tokens.list()).total;
    expect(lines.length - 1).toBe(total);
    expect(await kit.tokens.importCsv(csv)).toEqual({ added: 0, updated: total, rejected: [] });
    expect(await kit.tokens.get('-FORMULA')).toMatchObject({ label: '=cmd|x', type: 'Local' });
  });
});
