import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchCommitter } from '../../db/batch-committer.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { silentLogger } from '../../test-kit/logger.js';
import { meterSampleChannel, type MeterSample, type SampleGroup } from './meter-samples.js';
import { insertSampleGroups } from './sessions-repository.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

// Recent: the partitions made for tests are around today.
const base = Math.floor(Date.now() / 1_000) * 1_000 - 60_000;
const sample = (atMs: number, measurand: string, value: number | null, more: Partial<MeterSample> = {}): MeterSample => ({
  atMs, measurand, phase: null, location: 'Outlet', context: 'Sample.Periodic', unit: 'Wh', multiplier: null, value, raw: null, signed: null, ...more,
});

/** What the meter_samples view gives for a station, in a fixed order, as the writer's samples look. */
async function readBack(stationId: string): Promise<Array<MeterSample & { sessionId: number | null; seqNo: number | null }>> {
  const rows = await t.db.selectFrom('meter_samples').selectAll().where('station_id', '=', stationId)
    .orderBy('at').orderBy('measurand').orderBy('phase').execute();
  return rows.map((r) => ({
    atMs: r.at.getTime(), measurand: r.measurand, phase: r.phase, location: r.location, context: r.context, unit: r.unit,
    multiplier: r.multiplier, value: r.value, raw: r.raw, signed: r.signed as Record<string, unknown> | null, sessionId: r.session_id, seqNo: r.seq_no,
  }));
}

const count = async (sql: string, params: unknown[]): Promise<number> => Number((await t.pool.query<{ n: string }>(sql, params)).rows[0]!.n);

describe('meter values as stored', () => {
  it('gives back every sample through meter_samples: nulls, converted and signed values, several times in one message', async () => {
    const first = [
      sample(base, 'Energy.Active.Import.Register', 12_000),
      sample(base, 'Current.Import', 16, { phase: 'L1', unit: 'A' }),
      sample(base, 'Current.Import', null, { phase: 'L2', unit: 'A', raw: 'n/a' }),
      sample(base, 'Power.Active.Import', 11_000, { unit: 'W', multiplier: 3, raw: '11e3 W' }),
    ];
    const second = [
      sample(base + 1_000, 'Energy.Active.Import.Register', 12_003),
      sample(base + 1_000, 'Energy.Active.Import.Register', null, { context: 'Transaction.End', raw: '<signed>', signed: { signedMeterData: '<signed>', encodingMethod: 'OCMF' } }),
    ];
    await insertSampleGroups(t.db, [{ recordedAt: new Date(base + 2_000), stationId: 'MVS-1', evseId: 1, connectorId: 1, sessionId: 7, seqNo: 3, samples: [...first, ...second] }]);
    const expected = [...first, ...second].map((s) => ({ ...s, sessionId: 7, seqNo: 3 }));
    const sortKey = (s: MeterSample) => `${s.atMs} ${s.measurand} ${s.phase ?? ''} ${s.context ?? ''}`;
    expect((await readBack('MVS-1')).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))));
    // One row per meter value (per time), not per sample.
    expect(await count('select count(*) as n from meter_values where station_id = $1', ['MVS-1'])).toBe(2);
  });

  it('stores a layout once, however many stations and batches use it, through the batch committer too', async () => {
    const shape = (atMs: number, energy: number): MeterSample[] => [
      sample(atMs, 'Energy.Active.Import.Register', energy), sample(atMs, 'Power.Active.Import', 7_000, { unit: 'W' }), sample(atMs, 'SoC', 40, { unit: 'Percent' }),
    ];
    const group = (stationId: string, i: number): SampleGroup => ({ recordedAt: new Date(base + i * 1_000), stationId, evseId: 1, connectorId: 1, sessionId: null, samples: shape(base + i * 1_000, 1_000 + i) });
    const layoutsBefore = await count('select count(*) as n from meter_layouts', []);
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 5 });
    await Promise.all(['MVS-2', 'MVS-3', 'MVS-4'].flatMap((id) => [0, 1, 2].map((i) => committer.submit(meterSampleChannel, [group(id, i)]))));
    await committer.submit(meterSampleChannel, [group('MVS-2', 3)]);
    await committer.close();
    await insertSampleGroups(t.db, [group('MVS-5', 0)]);
    expect(await count('select count(*) as n from meter_layouts', [])).toBe(layoutsBefore + 1);
    expect(await count(`select count(*) as n from meter_values where station_id like 'MVS-%' and session_id is null`, [])).toBe(11);
    expect((await readBack('MVS-2')).filter((s) => s.measurand === 'Energy.Active.Import.Register').map((s) => s.value)).toEqual([1_000, 1_001, 1_002, 1_003]);
  });

  it('writes nothing for groups without samples', async () => {
    await insertSampleGroups(t.db, [{ recordedAt: new Date(base), stationId: 'MVS-6', evseId: 1, connectorId: 1, sessionId: null, samples: [] }]);
    expect(await count('select count(*) as n from meter_values where station_id = $1', ['MVS-6'])).toBe(0);
  });
});
