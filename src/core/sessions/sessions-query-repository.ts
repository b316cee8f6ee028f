import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SessionRow } from './sessions-repository.js';

/** Where a page of sessions ends: the last row's start time and id. */
export interface SessionCursor {
  startedAt: string;
  id: number;
}

/** Filters as the repository takes them (cursor already decoded). */
export interface SessionQuery {
  stationId?: string;
  siteId?: string;
  state?: 'active' | 'completed';
  from?: Date;
  to?: Date;
  idToken?: string;
  limit: number;
  after?: SessionCursor;
}

/** Sessions matching the query, newest start first; one more than `limit` to tell whether a next page exists. */
export function querySessions(db: Kysely<Database>, q: SessionQuery): Promise<SessionRow[]> {
  let query = filtered(db, q);
  if (q.after) {
    const after = q.after;
    // The cursor's millisecond time is only a fallback: PostgreSQL keeps microseconds, so the exact start is
    // read back by id, or sessions starting within the boundary's millisecond would be skipped.
    query = query.where(sql<boolean>`(started_at, id) < (coalesce((select s2.started_at from sessions s2 where s2.id = ${after.id}::integer), ${new Date(after.startedAt)}::timestamptz), ${after.id}::integer)`);
  }
  return query.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
}

/** How many sessions match the filters (cursor aside), counting at most `cap + 1`. */
export async function countSessions(db: Kysely<Database>, q: SessionQuery, cap: number): Promise<number> {
  const row = await db.selectFrom(filtered(db, q).select(sql`1`.as('x')).limit(cap + 1).as('m')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

function filtered(db: Kysely<Database>, q: SessionQuery) {
  let query = db.selectFrom('sessions');
  if (q.stationId !== undefined) query = query.where('station_id', '=', q.stationId);
  if (q.siteId !== undefined) {
    const siteId = q.siteId;
    query = query.where('station_id', 'in', (eb) => eb.selectFrom('stations').select('stations.id').where('stations.site_id', '=', siteId));
  }
  if (q.state !== undefined) query = query.where('state', '=', q.state);
  if (q.from !== undefined) query = query.where('started_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('started_at', '<', q.to);
  if (q.idToken !== undefined) query = query.where(sql<string>`upper(id_token)`, '=', q.idToken.toUpperCase());
  return query;
}

/** One session by id. */
export function findSession(db: Kysely<Database>, id: number): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A station's running sessions, by EVSE. */
export function queryActiveSessions(db: Kysely<Database>, stationId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('station_id', '=', stationId).where('state', '=', 'active').orderBy('evse_id').orderBy('connector_id').execute();
}

/** One time bucket of one series. */
export interface BucketRow {
  measurand: string;
  phase: string | null;
  unit: string | null;
  at: Date;
  value: number;
  min: number;
  max: number;
  count: number;
}

/**
 * A session's numeric samples in at most `maxPoints` equal time buckets per series (mean, min, max per
 * bucket, placed at the bucket's mean time), so a long session costs the browser the same as a short one.
 */
export async function sampleBuckets(db: Kysely<Database>, sessionId: number, maxPoints: number, measurands?: readonly string[]): Promise<BucketRow[]> {
  const filter = measurands && measurands.length > 0 ? sql`and measurand = any(${[...measurands]}::text[])` : sql``;
  const { rows } = await sql<BucketRow>`
    with s as (
      select measurand, phase, unit, at, value from meter_samples
      where session_id = ${sessionId} and value is not null ${filter}
    ), span as (
      select min(at) as t0, greatest(extract(epoch from max(at) - min(at)) * 1000, 1) as ms from s
    )
    select measurand, phase, max(unit) as unit,
      to_timestamp(avg(extract(epoch from at))) as at, avg(value)::float8 as value, min(value)::float8 as min, max(value)::float8 as max,
      count(*)::int as count
    from s, span
    group by measurand, phase, least(floor(extract(epoch from at - span.t0) * 1000 / span.ms * ${maxPoints}), ${maxPoints - 1})
    order by measurand, phase nulls first, at`.execute(db);
  return rows;
}

/** A session's numeric samples as stored, oldest first, at most `cap` rows (one bucket per sample). */
export async function rawSamples(db: Kysely<Database>, sessionId: number, cap: number, measurands?: readonly string[]): Promise<BucketRow[]> {
  let query = db.selectFrom('meter_samples').where('session_id', '=', sessionId).where('value', 'is not', null);
  if (measurands && measurands.length > 0) query = query.where('measurand', 'in', [...measurands]);
  const rows = await query.select(['measurand', 'phase', 'unit', 'at', 'value']).orderBy('at').limit(cap).execute();
  return rows.map((r) => ({ measurand: r.measurand, phase: r.phase, unit: r.unit, at: r.at, value: r.value!, min: r.value!, max: r.value!, count: 1 }));
}
