import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { IncidentState, Severity } from './alerts.js';
import type { IncidentRow } from './incident-repository.js';

/** Where a page of incidents ends: the last row's severity rank, first-seen time and id. */
export interface IncidentCursor {
  r: number;
  t: string;
  id: number;
}

/** Filters of the incident list as the repository takes them (cursor decoded). */
export interface IncidentFilter {
  states: IncidentState[];
  severities?: Severity[];
  siteId?: string;
  stationId?: string;
  ruleKey?: string;
  assigneeId?: string;
  limit: number;
  after?: IncidentCursor;
}

/** An incident row with its assignee's name. */
export type IncidentListRow = IncidentRow & { assignee_name: string | null };

/** Incidents matching the filter, worst severity first, then oldest first; one more than `limit`. */
export function queryIncidents(db: Kysely<Database>, f: IncidentFilter): Promise<IncidentListRow[]> {
  let query = filtered(db, f);
  if (f.after) {
    const a = f.after;
    query = query.where(sql<boolean>`(i.severity_rank < ${a.r} or (i.severity_rank = ${a.r} and (i.first_seen_at, i.id) > (${new Date(a.t)}::timestamptz, ${String(a.id)}::bigint)))`);
  }
  return query.leftJoin('users as u', 'u.id', 'i.assignee_id').selectAll('i').select(sql<string | null>`coalesce(u.display_name, u.username)`.as('assignee_name'))
    .orderBy('i.severity_rank', 'desc').orderBy('i.first_seen_at').orderBy('i.id').limit(f.limit + 1).execute();
}

/** How many incidents match (cursor aside), counting at most `cap + 1`. */
export async function countIncidents(db: Kysely<Database>, f: IncidentFilter, cap: number): Promise<number> {
  const row = await db.selectFrom(filtered(db, f).select(sql`1`.as('x')).limit(cap + 1).as('m')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

function filtered(db: Kysely<Database>, f: IncidentFilter) {
  let query = db.selectFrom('incidents as i').where('i.state', 'in', f.states);
  if (f.severities && f.severities.length > 0) query = query.where('i.severity', 'in', f.severities);
  if (f.siteId !== undefined) query = query.where('i.site_id', '=', f.siteId);
  if (f.stationId !== undefined) query = query.where('i.station_id', '=', f.stationId);
  if (f.ruleKey !== undefined) query = query.where('i.rule_key', '=', f.ruleKey);
  if (f.assigneeId !== undefined) query = query.where('i.assignee_id', '=', f.assigneeId);
  return query;
}

/** The name of a user (display name, else user name), for an incident's assignee. */
export async function userName(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db.selectFrom('users').select(['username', 'display_name']).where('id', '=', id).executeTakeFirst();
  return row ? row.display_name ?? row.username : null;
}

/** Unresolved incidents per state and severity. */
export async function countUnresolved(db: Kysely<Database>): Promise<Array<{ state: IncidentState; severity: Severity; n: number }>> {
  return db.selectFrom('incidents').select(['state', 'severity', sql<number>`count(*)::int`.as('n')]).where('state', '<>', 'resolved').groupBy(['state', 'severity']).execute();
}

/** Where a page of the station health list ends. */
export interface StationHealthCursor {
  w: number;
  n: number;
  s: string;
}

/** One station's incident figures. */
export interface StationHealthRow {
  station_id: string;
  open_count: number;
  /** Rank of the worst unresolved severity (0 info … 2 critical), -1 with none unresolved. */
  worst_rank: number;
  last_fault_at: Date | null;
  recent_count: number;
  /** Stations in the whole list (every page). */
  total: number;
}

/**
 * Stations with an unresolved incident or any incident seen since `since`: unresolved count, worst unresolved
 * severity, last time a problem was seen; worst first, then most unresolved, then by id. One more than `limit`.
 */
export async function queryStationHealth(db: Kysely<Database>, q: { since: Date; siteId?: string; stationId?: string; limit: number; after?: StationHealthCursor }): Promise<StationHealthRow[]> {
  const site = q.siteId !== undefined ? sql`and site_id = ${q.siteId}::uuid` : sql``;
  const station = q.stationId !== undefined ? sql`and station_id = ${q.stationId}` : sql``;
  const after = q.after ? sql`where (worst_rank < ${q.after.w} or (worst_rank = ${q.after.w} and (open_count < ${q.after.n} or (open_count = ${q.after.n} and station_id > ${q.after.s}))))` : sql``;
  const { rows } = await sql<StationHealthRow>`
    select * from (
      select station_id,
        (count(*) filter (where state <> 'resolved'))::int as open_count,
        coalesce(max(severity_rank) filter (where state <> 'resolved'), -1)::int as worst_rank,
        max(last_seen_at) as last_fault_at,
        (count(*) filter (where last_seen_at >= ${q.since}))::int as recent_count,
        (count(*) over ())::int as total
      from incidents
      where station_id is not null and (state <> 'resolved' or last_seen_at >= ${q.since}) ${site} ${station}
      group by station_id
    ) h ${after}
    order by worst_rank desc, open_count desc, station_id
    limit ${q.limit + 1}`.execute(db);
  return rows;
}

/** Users who may be assigned incidents: enabled admins, operators and technicians, by name. */
export function queryAssignableUsers(db: Kysely<Database>): Promise<Array<{ id: string; username: string; display_name: string | null; role: string }>> {
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'role']).where('disabled', '=', false).where('role', 'in', ['admin', 'operator', 'technician'])
    .orderBy(sql`lower(coalesce(display_name, username))`).execute();
}
