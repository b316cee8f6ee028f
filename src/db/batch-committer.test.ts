import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchCommitter, statementChannel, type BatchChannel } from './batch-committer.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';
import { silentLogger } from '../test-kit/logger.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** Waits on real I/O turns (setImmediate is not faked) until `done` holds, leaving the fake clock alone. */
async function until(done: () => boolean, turns = 20_000): Promise<void> {
  for (let i = 0; !done(); i++) {
    if (i >= turns) throw new Error('condition not reached without the clock moving');
    await new Promise((r) => setImmediate(r));
  }
}

describe('batch scheduling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes rows that queued up during a slow batch as soon as it is done, not an interval later', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const writtenAt: number[] = [];
    const channel: BatchChannel<number> = {
      name: 'gated',
      async write(client) {
        writtenAt.push(performance.now());
        await client.query('select 1');
        if (writtenAt.length === 1) await gate;
      },
    };
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 50 });
    const first = committer.submit(channel, [1]);
    await vi.advanceTimersByTimeAsync(50);
    await until(() => writtenAt.length === 1);
    const second = committer.submit(channel, [2]);
    // The first batch takes 150 ms more; the second row has waited longer than the interval by then.
    await vi.advanceTimersByTimeAsync(150);
    release();
    await first;
    await until(() => writtenAt.length === 2);
    await second;
    expect(writtenAt[1]! - writtenAt[0]!).toBe(150);
    await committer.close();
  });

  it('settles every caller of a batch together, and refuses rows once closed with a rejection, not a throw', async () => {
    let writes = 0;
    const channel: BatchChannel<number> = {
      name: 'counted',
      async write(client, rows) {
        writes++;
        await client.query('select $1::int', [rows.length]);
      },
    };
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5 });
    const settled: number[] = [];
    await Promise.all([1, 2, 3].map((n) => committer.submit(channel, [n]).then(() => settled.push(n))));
    expect(settled).toEqual([1, 2, 3]);
    expect(writes).toBe(1);
    await committer.close();
    let late: Promise<void> | undefined;
    expect(() => (late = committer.submit(channel, [4]))).not.toThrow();
    await expect(late).rejects.toThrow(/closed/);
  });
});

describe('statements merged into one', () => {
  const insertInto = (table: string) => statementChannel<string>(`into ${table}`, (names, first) => ({ sql: `insert into ${table} (name) select * from unnest($${first}::text[])`, params: [names] }));
  const tables = ['merge_a', 'merge_b', 'merge_c'];
  beforeAll(async () => {
    for (const table of tables) await t.pool.query(`create table ${table} (name text not null check (name <> 'bad'))`);
  });
  const count = async (table: string, name: string): Promise<number> => Number((await t.pool.query(`select count(*) as n from ${table} where name = $1`, [name])).rows[0].n);

  it('commits every statement channel of a batch in one statement, with their parameters numbered in turn', async () => {
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5 });
    await Promise.all([committer.submit(insertInto('merge_a'), ['one', 'two']), committer.submit(insertInto('merge_b'), ['one']), committer.submit(insertInto('merge_c'), ['one'])]);
    expect([await count('merge_a', 'one'), await count('merge_a', 'two'), await count('merge_b', 'one'), await count('merge_c', 'one')]).toEqual([1, 1, 1, 1]);
    expect(committer.stats.batches).toBe(1);
    expect(committer.stats.stepMs.statement).toBeGreaterThan(0);
    expect(committer.stats.stepMs.begin).toBeUndefined();
    await committer.close();
  });

  it('runs a statement\'s WITH parts with it, whether it is written alone or merged with others', async () => {
    // One channel writes two tables: its first part must not nest inside the merged statement's WITH.
    const both = statementChannel<string>('into a and b', (names, first) => ({
      with: [`insert into merge_a (name) select * from unnest($${first}::text[])`],
      sql: `insert into merge_b (name) select * from unnest($${first + 1}::text[])`,
      params: [names, names.map((n) => `${n}-b`)],
    }));
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5 });
    await committer.submit(both, ['alone']);
    await Promise.all([committer.submit(insertInto('merge_c'), ['merged']), committer.submit(both, ['merged'])]);
    expect([await count('merge_a', 'alone'), await count('merge_b', 'alone-b'), await count('merge_a', 'merged'), await count('merge_b', 'merged-b'), await count('merge_c', 'merged')]).toEqual([1, 1, 1, 1, 1]);
    await expect(committer.submit(both, ['bad'])).rejects.toThrow(/check constraint/);
    expect(await count('merge_b', 'bad-b')).toBe(0);
    await committer.close();
  });

  it('writes none of a batch when one merged statement fails', async () => {
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 1 });
    const good = committer.submit(insertInto('merge_a'), ['three']);
    const bad = committer.submit(insertInto('merge_b'), ['bad']);
    await expect(bad).rejects.toThrow(/check constraint/);
    await expect(good).rejects.toThrow();
    expect(await count('merge_a', 'three')).toBe(0);
    await committer.close();
  }, 20_000);

  it('runs the merged statement and the other channels in one transaction', async () => {
    const other: BatchChannel<string> = { name: 'plain', write: async (client, names) => void (await client.query(`insert into merge_c (name) select * from unnest($1::text[])`, [names])) };
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 1 });
    await Promise.all([committer.submit(insertInto('merge_a'), ['four']), committer.submit(other, ['four'])]);
    expect([await count('merge_a', 'four'), await count('merge_c', 'four')]).toEqual([1, 1]);
    const failing = Promise.all([committer.submit(insertInto('merge_a'), ['five']), committer.submit(other, ['bad'])]);
    await expect(failing).rejects.toThrow(/check constraint/);
    expect(await count('merge_a', 'five')).toBe(0);
    await committer.close();
  }, 20_000);
});

/** Holds advisory lock `key` on a connection of its own until `release`. */
async function hold(key = 4242): Promise<{ release(): Promise<void> }> {
  const client = await t.pool.connect();
  await client.query('select pg_advisory_lock($1)', [key]);
  return { release: async () => { await client.query('select pg_advisory_unlock($1)', [key]); client.release(); } };
}

describe('batches written side by side', () => {
  beforeAll(async () => {
    await t.pool.query('create table side_rows (name text not null)');
  });
  const rows = async (): Promise<string[]> => (await t.pool.query<{ name: string }>('select name from side_rows order by name')).rows.map((r) => r.name);
  /** Inserts its rows, but only once the test lets go of advisory lock 4242 (the statement waits for a shared hold). */
  const gated = statementChannel<string>('gated', (names, first) => ({
    sql: `insert into side_rows (name) select n from unnest($${first}::text[]) n, (select pg_advisory_xact_lock_shared(4242)) l`, params: [names],
  }));
  const plain = statementChannel<string>('plain', (names, first) => ({ sql: `insert into side_rows (name) select * from unnest($${first}::text[])`, params: [names] }));
  const outbox: BatchChannel<string> = { name: 'transactional', write: async (client, names) => void (await client.query('insert into side_rows (name) select * from unnest($1::text[])', [names])) };

  const settled = (p: Promise<unknown>): { done: boolean } => {
    const s = { done: false };
    void p.then(() => (s.done = true), () => (s.done = true));
    return s;
  };

  it('commits a second statement-only batch while the first is still being written', async () => {
    await t.pool.query('truncate side_rows');
    const lock = await hold();
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5, parallel: 2 });
    const first = committer.submit(gated, ['a']);
    const firstState = settled(first);
    await new Promise((r) => setTimeout(r, 50));
    await committer.submit(plain, ['b']);
    expect(firstState.done).toBe(false);
    expect(await rows()).toEqual(['b']);
    await lock.release();
    await first;
    expect(await rows()).toEqual(['a', 'b']);
    await committer.close();
  });

  it('writes a batch that needs a transaction only once the batch in flight is done', async () => {
    await t.pool.query('truncate side_rows');
    const lock = await hold();
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5, parallel: 2 });
    const first = committer.submit(gated, ['a']);
    await new Promise((r) => setTimeout(r, 50));
    const second = committer.submit(outbox, ['c']);
    const secondState = settled(second);
    await new Promise((r) => setTimeout(r, 100));
    expect(secondState.done).toBe(false);
    expect(await rows()).toEqual([]);
    await lock.release();
    await Promise.all([first, second]);
    expect(await rows()).toEqual(['a', 'c']);
    await committer.close();
  });

  it('writes at most two batches at once, and flush waits for all of them', async () => {
    await t.pool.query('truncate side_rows');
    const lock = await hold();
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5, parallel: 2 });
    const waits = [committer.submit(gated, ['a'])];
    await new Promise((r) => setTimeout(r, 30));
    waits.push(committer.submit(gated, ['b']));
    await new Promise((r) => setTimeout(r, 30));
    const third = committer.submit(plain, ['c']);
    const thirdState = settled(third);
    await new Promise((r) => setTimeout(r, 100));
    expect(thirdState.done).toBe(false);
    const flushed = committer.flush();
    await lock.release();
    await flushed;
    expect(thirdState.done).toBe(true);
    await Promise.all(waits);
    expect(await rows()).toEqual(['a', 'b', 'c']);
    await committer.close();
  });
});

describe('one batch at a time by default', () => {
  it('holds a statement-only batch back while another is being written', async () => {
    await t.pool.query('create table if not exists serial_rows (name text not null)');
    const lock = await hold(4343);
    const gated = statementChannel<string>('gated', (names, first) => ({
      sql: `insert into serial_rows (name) select n from unnest($${first}::text[]) n, (select pg_advisory_xact_lock_shared(4343)) l`, params: [names],
    }));
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5 });
    const first = committer.submit(gated, ['a']);
    await new Promise((r) => setTimeout(r, 50));
    let secondDone = false;
    const second = committer.submit(statementChannel<string>('plain', (names, f) => ({ sql: `insert into serial_rows (name) select * from unnest($${f}::text[])`, params: [names] })), ['b']).then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(secondDone).toBe(false);
    await lock.release();
    await Promise.all([first, second]);
    expect((await t.pool.query<{ name: string }>('select name from serial_rows order by name')).rows.map((r) => r.name)).toEqual(['a', 'b']);
    await committer.close();
  });
});
