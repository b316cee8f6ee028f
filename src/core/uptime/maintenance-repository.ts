import type { Kysely, Selectable } from 'kysely';
import type { Database, MaintenanceWindowsTable } from '../../db/schema.js';
import type { MaintenanceWindow } from './uptime.js';

/** A maintenance window row as the service shows it. */
export function toWindow(r: Selectable<MaintenanceWindowsTable>): MaintenanceWindow {
  return {
    id: r.id, stationId: r.station_id, evseId: r.evse_id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at?.toISOString() ?? null,
    reason: r.reason, note: r.note, state: r.state, createdBy: r.created_by, createdAt: r.created_at.toISOString(), endedBy: r.ended_by,
  };
}

/** Stores a new window. */
export async function insertWindow(trx: Kysely<Database>, v: { stationId: string; evseId: number | null; startsAt: Date; endsAt: Date | null; reason: string; note: string | null; createdBy: string; at: Date }): Promise<MaintenanceWindow> {
  return toWindow(await trx.insertInto('maintenance_windows').values({
    station_id: v.stationId, evse_id: v.evseId, starts_at: v.startsAt, ends_at: v.endsAt, reason: v.reason, note: v.note, created_by: v.createdBy, created_at: v.at,
  }).returningAll().executeTakeFirstOrThrow());
}

/** One window, or undefined. */
export async function findWindow(db: Kysely<Database>, id: number): Promise<MaintenanceWindow | undefined> {
  const r = await db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toWindow(r);
}

/** Windows, newest start first: of a station, not over yet, or both. */
export async function listWindows(db: Kysely<Database>, filter: { stationId?: string; open?: boolean; limit: number }): Promise<MaintenanceWindow[]> {
  let q = db.selectFrom('maintenance_windows').selectAll().orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
  if (filter.stationId) q = q.where('station_id', '=', filter.stationId);
  if (filter.open) q = q.where('state', '<>', 'ended');
  return (await q.execute()).map(toWindow);
}

/** Windows of a station in force at `at` (started, not ended): its own and, for a port, the station-wide ones. */
export async function windowsAt(db: Kysely<Database>, stationId: string, evseId: number | null, at: Date): Promise<MaintenanceWindow[]> {
  let q = db.selectFrom('maintenance_windows').selectAll().where('station_id', '=', stationId).where('starts_at', '<=', at)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', at)])).where('state', '<>', 'ended')
    .orderBy('evse_id', (ob) => ob.asc().nullsFirst()).orderBy('starts_at');
  if (evseId !== null) q = q.where((eb) => eb.or([eb('evse_id', 'is', null), eb('evse_id', '=', evseId)]));
  return (await q.execute()).map(toWindow);
}

/** Scheduled windows whose start has come, and active windows whose end has come (as of `at`). */
export async function dueWindows(db: Kysely<Database>, at: Date): Promise<{ starting: MaintenanceWindow[]; ending: MaintenanceWindow[] }> {
  const rows = await db.selectFrom('maintenance_windows').selectAll().where('state', '<>', 'ended')
    .where((eb) => eb.or([eb.and([eb('state', '=', 'scheduled'), eb('starts_at', '<=', at)]), eb.and([eb('ends_at', 'is not', null), eb('ends_at', '<=', at)])]))
    .orderBy('starts_at').orderBy('id').execute();
  const windows = rows.map(toWindow);
  return { starting: windows.filter((w) => w.state === 'scheduled'), ending: windows.filter((w) => w.endsAt !== null && Date.parse(w.endsAt) <= at.getTime()) };
}

/** Moves a window to a new state (and end); false when it was no longer in `from`. */
export async function setWindowState(trx: Kysely<Database>, id: number, from: MaintenanceWindow['state'][], set: { state: MaintenanceWindow['state']; endsAt?: Date; endedBy?: string }): Promise<MaintenanceWindow | undefined> {
  const r = await trx.updateTable('maintenance_windows')
    .set({ state: set.state, ...(set.endsAt ? { ends_at: set.endsAt } : {}), ...(set.endedBy ? { ended_by: set.endedBy } : {}) })
    .where('id', '=', id).where('state', 'in', from).returningAll().executeTakeFirst();
  return r && toWindow(r);
}

/** Deletes a window that has not started; false when there was none. */
export async function deleteScheduledWindow(trx: Kysely<Database>, id: number): Promise<boolean> {
  const res = await trx.deleteFrom('maintenance_windows').where('id', '=', id).where('state', '=', 'scheduled').executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** Whether a station exists and, for a port, whether it has that EVSE. */
export async function portExists(db: Kysely<Database>, stationId: string, evseId: number | null): Promise<{ station: boolean; port: boolean }> {
  const station = await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst();
  if (!station || evseId === null) return { station: !!station, port: !!station };
  const port = await db.selectFrom('connectors').select('evse_id').where('station_id', '=', stationId).where('evse_id', '=', evseId).executeTakeFirst();
  return { station: true, port: !!port };
}
