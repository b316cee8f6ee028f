import type pg from 'pg';
import type { Logger } from '../core/shared/logger.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

const LOCK_KEY = 0x63770001; // advisory lock: one migrator at a time across a cluster

/** Applies the migrations the database has not seen yet; safe to run from several nodes at once. */
export async function migrate(pool: pg.Pool, logger: Logger, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query<{ version: number }>('select version from schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('begin');
      try {
        await client.query(m.up);
        await client.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`);
      }
      applied.push(m.version);
      logger.info({ version: m.version, name: m.name }, 'migration applied');
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}
