import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchCommitter, type BatchChannel } from './batch-committer.js';
import { insertUnnest } from './unnest-insert.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { maintainPartitions } from './partitions.js';
import { FakeClock, systemClock } from '../core/shared/clock.js';
import { createTestDatabase, type TestDatabase } from '../test-kit/db.js';
import { silentLogger } from '../test-kit/logger.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

describe('migrations', () => {
  it('are applied once and are a no-op the second time', async () => {
    expect(await migrate(t.pool, silentLogger)).toEqual([]);
    const { rows } = await t.pool.query('select version from schema_migrations');
    expect(rows.map((r) => r.version).sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});

describe('partitions', () => {
  it('creates day partitions ahead and drops those past retention', async () => {
    const clock = new FakeClock('2030-05-10T12:00:00Z');
    const first = await maintainPartitions(t.pool, clock, silentLogger, [{ table: 'ocpp_messages', retentionDays: 2 }], 1);
    expect(first.created).toEqual(['ocpp_messages_p20300509', 'ocpp_messages_p20300510', 'ocpp_messages_p20300511']);
    clock.advance(5 * 86_400_000);
    const later = await maintainPartitions(t.pool, clock, silentLogger, [{ table: 'ocpp_messages', retentionDays: 2 }], 1);
    expect(later.dropped).toEqual(expect.arrayContaining(['ocpp_messages_p20300509', 'ocpp_messages_p20300510', 'ocpp_messages_p20300511']));
    expect(later.dropped.some((n) => n.endsWith('20300513'))).toBe(false);
    // put back the partitions for today, which the far-future clock dropped
    await maintainPartitions(t.pool, systemClock, silentLogger, [{ table: 'ocpp_messages', retentionDays: 14 }]);
  });
});

describe('batch committer', () => {
  const channel: BatchChannel<{ stationId: string; frame: string }> = {
    name: 'log',
    write: (client, rows) => insertUnnest(client, 'ocpp_messages', [['recorded_at', 'timestamptz'], ['station_id', 'text'], ['direction', 'char'], ['frame', 'text']], rows, (r) => [new Date(), r.stationId, 'i', r.frame]),
  };

  it('commits rows from many callers in few transactions and resolves after the commit', async () => {
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 20 });
    await Promise.all(Array.from({ length: 500 }, (_, i) => committer.submit(channel, [{ stationId: 'B1', frame: `f${i}` }])));
    const { rows } = await t.pool.query(`select count(*)::int as n from ocpp_messages where station_id = 'B1'`);
    expect(rows[0].n).toBe(500);
    expect(committer.stats.batches).toBeLessThan(10);
    await committer.close();
  });

  it('rejects the waiters when the batch cannot be written, and commits nothing of it', async () => {
    const bad: BatchChannel<number> = { name: 'bad', write: (client) => client.query('insert into no_such_table values (1)').then(() => undefined) };
    const committer = new BatchCommitter({ pool: t.pool, logger: silentLogger, intervalMs: 1 });
    const ok = committer.submit(channel, [{ stationId: 'B2', frame: 'x' }]);
    const failing = committer.submit(bad, [1]);
    await expect(failing).rejects.toThrow(/no_such_table/);
    await expect(ok).rejects.toThrow();
    const { rows } = await t.pool.query(`select count(*)::int as n from ocpp_messages where station_id = 'B2'`);
    expect(rows[0].n).toBe(0);
    await committer.close();
  }, 20_000);
});
