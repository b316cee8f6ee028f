import type { Kysely, Selectable } from 'kysely';
import type { Database, UptimeExclusionsTable } from '../../db/schema.js';
import type { ExclusionReason, UptimeExclusion } from './uptime.js';

function toExclusion(r: Selectable<UptimeExclusionsTable>): UptimeExclusion {
  return {
    id: r.id, scope: r.scope, stationId: r.station_id, evseId: r.evse_id, siteId: r.site_id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(),
    reason: r.reason as ExclusionReason, note: r.note, evidence: r.evidence, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
  };
}

/** Exclusions overlapping [from, to), of a station (its ports, itself and its site) or of a site (and its stations), newest first. */
export async function listExclusions(db: Kysely<Database>, filter: { stationId?: string; siteId?: string; from?: Date; to?: Date }): Promise<UptimeExclusion[]> {
  let q = db.selectFrom('uptime_exclusions').selectAll().orderBy('starts_at', 'desc').orderBy('id', 'desc').limit(1000);
  if (filter.from) q = q.where('ends_at', '>', filter.from);
  if (filter.to) q = q.where('starts_at', '<', filter.to);
  const { stationId, siteId } = filter;
  if (stationId) q = q.where((eb) => eb.or([eb('station_id', '=', stationId), eb('site_id', '=', eb.selectFrom('stations').select('stations.site_id').where('stations.id', '=', stationId))]));
  if (siteId) q = q.where((eb) => eb.or([eb('site_id', '=', siteId), eb('station_id', 'in', eb.selectFrom('stations').select('stations.id').where('stations.site_id', '=', siteId))]));
  return (await q.execute()).map(toExclusion);
}

/** Stores an exclusion. */
export async function insertExclusion(db: Kysely<Database>, v: Omit<UptimeExclusion, 'id' | 'createdAt' | 'startsAt' | 'endsAt'> & { startsAt: Date; endsAt: Date; at: Date }): Promise<UptimeExclusion> {
  return toExclusion(await db.insertInto('uptime_exclusions').values({
    scope: v.scope, station_id: v.stationId, evse_id: v.evseId, site_id: v.siteId, starts_at: v.startsAt, ends_at: v.endsAt, reason: v.reason,
    note: v.note, evidence: v.evidence, created_by: v.createdBy, created_at: v.at,
  }).returningAll().executeTakeFirstOrThrow());
}

/** Deletes an exclusion and returns it; undefined when there was none. */
export async function deleteExclusion(db: Kysely<Database>, id: number): Promise<UptimeExclusion | undefined> {
  const row = await db.deleteFrom('uptime_exclusions').where('id', '=', id).returningAll().executeTakeFirst();
  return row && toExclusion(row);
}

/** Whether a site exists. */
export async function siteExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return !!(await db.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst());
}
