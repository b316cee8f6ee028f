import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgArray } from './array-literal.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';

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
