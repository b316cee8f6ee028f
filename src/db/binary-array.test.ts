import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binaryArray, hasBinaryArray } from './binary-array.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

/** What PostgreSQL reads back from a binary array parameter cast to `type[]`. */
async function roundTrip(type: string, values: unknown[]): Promise<unknown[]> {
  const { rows } = await t.pool.query(`select $1::${type}[] as v`, [binaryArray(type, values)]);
  return rows[0].v as unknown[];
}

describe('binaryArray', () => {
  it('sends texts of any content, with NULLs, that PostgreSQL reads back unchanged', async () => {
    const texts = ['plain', 'with "quotes"', 'back\\slash', 'new\nline', 'emoji 😀', '', 'NULL', '{x,y}', null, 'ünïcødé'];
    expect(await roundTrip('text', texts)).toEqual(texts);
    await fc.assert(fc.asyncProperty(fc.array(fc.option(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')), { nil: null }), { maxLength: 10 }), async (values) => {
      expect(await roundTrip('text', values)).toEqual(values);
    }), { numRuns: 50 });
  });

  it('sends numbers, booleans and single characters', async () => {
    expect(await roundTrip('integer', [0, 1, -1, 2_147_483_647, -2_147_483_648, null])).toEqual([0, 1, -1, 2_147_483_647, -2_147_483_648, null]);
    expect(await roundTrip('smallint', [32_767, -32_768, null])).toEqual([32_767, -32_768, null]);
    expect(await roundTrip('float8', [1.5, -0.1, 1e300, NaN, Infinity, null])).toEqual([1.5, -0.1, 1e300, NaN, Infinity, null]);
    expect((await roundTrip('bigint', [2n ** 63n - 1n, -(2n ** 63n), 42, '-7', null])).map((v) => (v === null ? null : String(v)))).toEqual(['9223372036854775807', '-9223372036854775808', '42', '-7', null]);
    expect(await roundTrip('boolean', [true, false, null])).toEqual([true, false, null]);
    expect(await roundTrip('char', ['i', 'o'])).toEqual(['i', 'o']);
  });

  it('sends times given as Date, epoch ms or ISO text, before and after 2000, to the millisecond', async () => {
    const times = ['2030-01-02T03:04:05.678Z', '1999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2000-01-01T00:00:00.001Z'];
    const read = await roundTrip('timestamptz', [new Date(times[0]!), Date.parse(times[1]!), times[2], times[3], null]);
    expect(read).toEqual([...times.map((s) => new Date(s)), null]);
  });

  it('sends JSON given as text or as a value', async () => {
    expect(await roundTrip('jsonb', ['{"a":"x\\"y"}', { b: [1, 'ü'] }, null])).toEqual([{ a: 'x"y' }, { b: [1, 'ü'] }, null]);
  });

  it('sends an empty array', async () => {
    expect(await roundTrip('text', [])).toEqual([]);
    expect(await roundTrip('integer', [])).toEqual([]);
  });

  it('refuses values the type cannot hold and types it has no format for', () => {
    expect(() => binaryArray('integer', [1.5])).toThrow(RangeError);
    expect(() => binaryArray('smallint', [40_000])).toThrow(RangeError);
    expect(() => binaryArray('bigint', [2n ** 63n])).toThrow(RangeError);
    expect(() => binaryArray('bigint', [1.5])).toThrow(RangeError);
    expect(() => binaryArray('timestamptz', ['not a time'])).toThrow(RangeError);
    expect(hasBinaryArray('numeric')).toBe(false);
    expect(() => binaryArray('numeric', [1])).toThrow(TypeError);
  });
});
