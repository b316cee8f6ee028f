import type pg from 'pg';
import type { Clock } from '../core/shared/clock.js';
import type { Logger } from '../core/shared/logger.js';

/** A day-partitioned table and how many days of it to keep. */
export interface PartitionPolicy {
  table: 'meter_values' | 'ocpp_messages' | 'events';
  retentionDays: number;
}

const DAY = 86_400_000;

function dayStart(ms: number): Date {
  return new Date(Math.floor(ms / DAY) * DAY);
}

function suffix(day: Date): string {
  return day.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Creates the day partitions from yesterday to `daysAhead` days ahead, and drops those entirely older
 * than the retention. Partitions are by the server's receive time (UTC days), so a station with a wrong
 * clock can never write outside them. Idempotent; run at start and hourly.
 */
export async function maintainPartitions(pool: pg.Pool, clock: Clock, logger: Logger, policies: readonly PartitionPolicy[], daysAhead = 3): Promise<{ created: string[]; dropped: string[] }> {
  const created: string[] = [];
  const dropped: string[] = [];
  const today = dayStart(clock.nowMs()).getTime();
  for (const policy of policies) {
    const existing = new Set(
      (await pool.query<{ name: string }>(
        `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = $1`,
        [policy.table],
      )).rows.map((r) => r.name),
    );
    for (let d = -1; d <= daysAhead; d++) {
      const from = new Date(today + d * DAY);
      const name = `${policy.table}_p${suffix(from)}`;
      if (existing.has(name)) continue;
      const to = new Date(from.getTime() + DAY);
      await pool.query(`create table if not exists ${name} partition of ${policy.table} for values from ('${from.toISOString()}') to ('${to.toISOString()}')`);
      created.push(name);
    }
    const cutoff = suffix(new Date(today - policy.retentionDays * DAY));
    for (const name of existing) {
      const day = name.slice(policy.table.length + 2);
      if (/^\d{8}$/.test(day) && day < cutoff) {
        await pool.query(`drop table if exists ${name}`);
        dropped.push(name);
      }
    }
  }
  if (created.length || dropped.length) logger.info({ created, dropped }, 'partitions maintained');
  return { created, dropped };
}
