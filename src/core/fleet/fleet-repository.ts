import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { PowerPoint } from './power-history.js';

/**
 * Energy of the completed sessions started at or after `since` (one aggregate over the started_at index).
 * Running sessions are counted from the live view: their rows hold a progress checkpoint, not the latest.
 */
export async function completedEnergySince(db: Kysely<Database>, since: Date): Promise<number> {
  const row = await db.selectFrom('sessions').where('started_at', '>=', since).where('state', '=', 'completed')
    .select(sql<number>`coalesce(sum(energy_wh), 0)::float8`.as('wh')).executeTakeFirstOrThrow();
  return row.wh;
}

/** Stored per-minute fleet power from `since` on, oldest first. */
export async function loadPower(db: Kysely<Database>, since: Date): Promise<PowerPoint[]> {
  const rows = await db.selectFrom('fleet_power').where('minute', '>=', since).select(['minute', 'power_w']).orderBy('minute').execute();
  return rows.map((r) => [r.minute.getTime(), r.power_w]);
}

/** Stores one minute of fleet power (a later write for the same minute wins: several nodes see the same fleet). */
export async function savePower(db: Kysely<Database>, point: PowerPoint): Promise<void> {
  await db.insertInto('fleet_power').values({ minute: new Date(point[0]), power_w: point[1] })
    .onConflict((oc) => oc.column('minute').doUpdateSet({ power_w: point[1] })).execute();
}

/** Drops stored minutes older than `before`. */
export async function prunePower(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('fleet_power').where('minute', '<', before).execute();
}
