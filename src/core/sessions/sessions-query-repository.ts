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
  state?: 'active' | 'completed';
  from?: Date;
  to?: Date;
  idToken?: string;
  limit: number;
  after?: SessionCursor;
}

/** Sessions matching the query, newest start first; one more than `limit` to tell whether a next page exists. */
export function querySessions(db: Kysely<Database>, q: SessionQuery): Promise<SessionRow[]> {
  let query = db.selectFrom('sessions').selectAll();
  if (q.stationId !== undefined) query = query.where('station_id', '=', q.stationId);
  if (q.state !== undefined) query = query.where('state', '=', q.state);
  if (q.from !== undefined) query = query.where('started_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('started_at', '<', q.to);
  if (q.idToken !== undefined) query = query.where(sql<string>`upper(id_token)`, '=', q.idToken.toUpperCase());
  if (q.after) {
    const after = q.after;
    query = query.where(sql<boolean>`(started_at, id) < (${new Date(after.startedAt)}::timestamptz, ${after.id}::integer)`);
  }
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(q.limit + 1).execute();
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
      to_timestamp(avg(extract(epoch from at))) as at, avg(value)::float8 as value, min(value)::float8 as min, max(value)::float8 as max
    from s, span
    group by measurand, phase, least(floor(extract(epoch from at - span.t0) * 1000 / span.ms * ${maxPoints}), ${maxPoints - 1})
    order by measurand, phase nulls first, at`.execute(db);
  return rows;
}
