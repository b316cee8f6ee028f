import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchCommitter, pgArray, type BatchChannel } from './batch-committer.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';
import { silentLogger } from '../test-kit/logger.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** What PostgreSQL reads back from an array literal cast to `type[]`. */
async function roundTrip(values: unknown[], type: string): Promise<unknown[]> {
  const { rows } = await t.pool.query(`select $1::${type}[] as v`, [pgArray(values)]);
  return rows[0].v as unknown[];
}

describe('pgArray', () => {
  it('writes texts PostgreSQL reads back unchanged, whatever they contain', async () => {
    const texts = ['plain', 'with "quotes"', 'back\\slash', 'new\nline', 'tab\t', 'emoji 😀', '', 'NULL', 'a,b', '{x}', ' spaced ', '[2,"1","A",{"k":"v\\"w"}]'];
    expect(await roundTrip(texts, 'text')).toEqual(texts);
  });

  it('round-trips any text without NUL (property)', async () => {
    // PostgreSQL text cannot hold NUL; lone surrogates are not valid UTF-8 either.
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    await fc.assert(fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 8 }), async (values) => {
      expect(await roundTrip(values, 'text')).toEqual(values);
    }), { numRuns: 60 });
  });

  it('writes numbers bare, null as NULL, dates as UTC instants and objects as JSON', async () => {
    expect(await roundTrip([1, -2.5, 1e300, null, 0.1], 'float8')).toEqual([1, -2.5, 1e300, null, 0.1]);
    expect(await roundTrip([NaN, Infinity, -Infinity], 'float8')).toEqual([NaN, Infinity, -Infinity]);
    const at = new Date('2030-01-02T03:04:05.678Z');
    expect(await roundTrip([at, null], 'timestamptz')).toEqual([at, null]);
    expect(await roundTrip([{ a: 'x"y\n' }, JSON.stringify([1, 'b'])], 'jsonb')).toEqual([{ a: 'x"y\n' }, [1, 'b']]);
    expect(await roundTrip([true, false], 'boolean')).toEqual([true, false]);
    expect(await roundTrip([Buffer.from([0, 1, 255])], 'bytea')).toEqual([Buffer.from([0, 1, 255])]);
  });
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
});
