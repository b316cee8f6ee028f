import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSampleGroups } from '../../core/sessions/sessions-repository.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { silentLogger } from '../../test-kit/logger.js';
import { migrate } from '../migrate.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(undefined, 19);
});
afterAll(async () => t.close());

const ORDER = 'order by station_id, at, measurand, phase nulls first, context nulls first, value nulls first';
const COLUMNS = 'recorded_at, at, station_id, evse_id, connector_id, session_id, measurand, phase, location, context, unit, multiplier, value, raw, signed, seq_no';

describe('migration 020: meter samples become meter values', () => {
  it('converts the stored samples, which meter_samples then gives back unchanged', async () => {
    await t.pool.query(`create table meter_samples_p20260301 partition of meter_samples for values from ('2026-03-01') to ('2026-03-02')`);
    await t.pool.query(`create table meter_samples_p20260302 partition of meter_samples for values from ('2026-03-02') to ('2026-03-03')`);
    await t.pool.query(`insert into meter_samples (${COLUMNS}) values
      ('2026-03-01T10:00:02Z', '2026-03-01T10:00:00Z', 'OLD-1', 1, 1, 5, 'Energy.Active.Import.Register', null, 'Outlet', 'Sample.Periodic', 'Wh', null, 1500, null, null, null),
      ('2026-03-01T10:00:02Z', '2026-03-01T10:00:00Z', 'OLD-1', 1, 1, 5, 'Current.Import', 'L1', 'Outlet', 'Sample.Periodic', 'A', null, 16, null, null, null),
      ('2026-03-01T10:00:02Z', '2026-03-01T10:00:00Z', 'OLD-1', 1, 1, 5, 'Current.Import', 'L2', 'Outlet', 'Sample.Periodic', 'A', null, null, 'n/a', null, null),
      ('2026-03-01T10:00:02Z', '2026-03-01T10:00:01Z', 'OLD-1', 1, 1, 5, 'Energy.Active.Import.Register', null, 'Outlet', 'Transaction.End', 'Wh', null, null, '<s>', '{"signedMeterData": "<s>"}', 4),
      ('2026-03-02T08:00:00Z', '2026-03-02T08:00:00Z', 'OLD-2', 2, 1, null, 'Power.Active.Import', null, null, null, 'W', 3, 7000, '7 kW', null, null),
      ('2026-03-02T08:00:00Z', '2026-03-02T08:00:00Z', 'OLD-2', 2, 1, null, 'SoC', null, null, null, 'Percent', null, 50, null, null, null)`);
    const before = (await t.pool.query(`select ${COLUMNS} from meter_samples ${ORDER}`)).rows;
    expect(await migrate(t.pool, silentLogger)).toEqual([20]);
    expect((await t.pool.query(`select ${COLUMNS} from meter_samples ${ORDER}`)).rows).toEqual(before);
    const values = await t.pool.query<{ station_id: string; n: number }>('select station_id, cardinality(vals) as n from meter_values order by station_id, at');
    expect(values.rows).toEqual([{ station_id: 'OLD-1', n: 3 }, { station_id: 'OLD-1', n: 1 }, { station_id: 'OLD-2', n: 2 }]);
    const parts = await t.pool.query<{ name: string }>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'meter_values' order by 1`);
    expect(parts.rows.map((r) => r.name)).toEqual(['meter_values_p20260301', 'meter_values_p20260302']);
  });

  it('names layouts as the writer does, so new meter values of a converted shape add no layout', async () => {
    const layouts = async () => Number((await t.pool.query<{ n: string }>('select count(*) as n from meter_layouts')).rows[0]!.n);
    const before = await layouts();
    await insertSampleGroups(t.db, [{
      recordedAt: new Date('2026-03-02T09:00:00Z'), stationId: 'NEW-1', evseId: 2, connectorId: 1, sessionId: null,
      // The converted OLD-2 value's readings, in the order the migration put them.
      samples: [
        { atMs: Date.parse('2026-03-02T09:00:00Z'), measurand: 'Power.Active.Import', phase: null, location: null, context: null, unit: 'W', multiplier: 3, value: 8000, raw: null, signed: null },
        { atMs: Date.parse('2026-03-02T09:00:00Z'), measurand: 'SoC', phase: null, location: null, context: null, unit: 'Percent', multiplier: null, value: 55, raw: null, signed: null },
      ],
    }]);
    expect(await layouts()).toBe(before);
  });
});
