import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type DatabaseHandle } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { maintainPartitions } from '../db/partitions.js';
import { systemClock, type Clock } from '../core/shared/clock.js';
import { silentLogger } from './logger.js';

/** A fresh, migrated database for one test file, dropped by `close()`. */
export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates a uniquely named database on the test server, migrates it and makes today's partitions. With
 * `upTo`, only the migrations up to that version run and no partitions are made (tests of a migration).
 */
export async function createTestDatabase(clock: Clock = systemClock, upTo?: number): Promise<TestDatabase> {
  const admin = inject('adminDatabaseUrl');
  const name = `cw_test_${randomBytes(6).toString('hex')}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`create database ${name}`);
  await adminClient.end();
  const url = withDatabase(admin, name);
  const c = connect(url, silentLogger, 10);
  await migrate(c.pool, silentLogger, upTo === undefined ? MIGRATIONS : MIGRATIONS.filter((m) => m.version <= upTo));
  if (upTo === undefined) await maintainPartitions(c.pool, clock, silentLogger, [
    { table: 'meter_values', retentionDays: 400 },
    { table: 'ocpp_messages', retentionDays: 14 },
    { table: 'events', retentionDays: 30 },
  ]);
  return {
    ...c,
    url,
    name,
    embedded: false,
    close: async () => {
      await c.end();
      const cl = new pg.Client({ connectionString: admin });
      await cl.connect();
      await cl.query(`drop database if exists ${name} with (force)`);
      await cl.end();
    },
  };
}
