import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OpeningHours } from '../sites/index.js';
import type { StatusTrack } from './ledger.js';
import type { ExclusionReason } from './uptime.js';

/** A port with what the ledger needs of its station and site. */
export interface PortInfo {
  stationId: string;
  stationName: string | null;
  evseId: number;
  siteId: string | null;
  siteName: string | null;
  timeZone: string;
  openingHours: OpeningHours;
}

/** The histories of some stations over a span, grouped for the ledger. */
export interface StationHistories {
  /** Per `station:evse:connector` (evse 0: the station as a whole). */
  tracks: Map<string, StatusTrack>;
  /** Per `station:evse`: the first status the port ever reported. */
  inService: Map<string, number>;
  online: Map<string, Array<[number, number]>>;
  /** Per station: maintenance windows with the port they cover (null: all). */
  maintenance: Map<string, Array<{ evseId: number | null; fromMs: number; toMs: number }>>;
  exclusions: Array<{ stationId: string | null; evseId: number | null; siteId: string | null; fromMs: number; toMs: number; reason: ExclusionReason }>;
}

/** `station:evse:connector`, the key of a status track. */
export const trackKey = (stationId: string, evseId: number, connectorId: number): string => `${stationId}:${evseId}:${connectorId}`;

/** Every port (EVSE above 0 that has reported) of a station, some stations or a site, or of the whole network, by station and EVSE. */
export async function listPorts(db: Kysely<Database>, filter: { stationId?: string; stationIds?: readonly string[]; siteId?: string }): Promise<PortInfo[]> {
  let q = db.selectFrom('connectors as c')
    .innerJoin('stations as s', 's.id', 'c.station_id')
    .leftJoin('sites as t', 't.id', 's.site_id')
    .where('c.evse_id', '>', 0)
    .select(['c.station_id', 'c.evse_id', 's.name as station_name', 's.site_id', 't.name as site_name', 't.timezone', 't.opening_hours'])
    .distinct()
    .orderBy('c.station_id').orderBy('c.evse_id');
  if (filter.stationId) q = q.where('c.station_id', '=', filter.stationId);
  if (filter.stationIds) {
    if (filter.stationIds.length === 0) return [];
    q = q.where('c.station_id', 'in', filter.stationIds);
  }
  if (filter.siteId) q = q.where('s.site_id', '=', filter.siteId);
  return (await q.execute()).map((r) => ({
    stationId: r.station_id, stationName: r.station_name, evseId: r.evse_id, siteId: r.site_id, siteName: r.site_name,
    timeZone: r.timezone ?? 'UTC', openingHours: r.opening_hours ?? {},
  }));
}

/** Status history, connections, maintenance windows and exclusions of `stationIds` over [from, to); open ends stop at `now`. */
export async function loadHistories(db: Kysely<Database>, stationIds: string[], siteIds: string[], from: Date, to: Date, now: Date): Promise<StationHistories> {
  const out: StationHistories = { tracks: new Map(), inService: new Map(), online: new Map(), maintenance: new Map(), exclusions: [] };
  if (stationIds.length === 0) return out;
  const [before, during, first, connections, windows, exclusions] = await Promise.all([
    db.selectFrom('connector_status_history').where('station_id', 'in', stationIds).where('at', '<', from)
      .distinctOn(['station_id', 'evse_id', 'connector_id']).select(['station_id', 'evse_id', 'connector_id', 'status'])
      .orderBy('station_id').orderBy('evse_id').orderBy('connector_id').orderBy('at', 'desc').orderBy('id', 'desc').execute(),
    db.selectFrom('connector_status_history').where('station_id', 'in', stationIds).where('at', '>=', from).where('at', '<', to)
      .select(['station_id', 'evse_id', 'connector_id', 'status', 'at']).orderBy('at').orderBy('id').execute(),
    db.selectFrom('connector_status_history').where('station_id', 'in', stationIds).where('evse_id', '>', 0)
      .groupBy(['station_id', 'evse_id']).select(['station_id', 'evse_id', (eb) => eb.fn.min<Date>('at').as('first_at')]).execute(),
    db.selectFrom('station_connections').where('station_id', 'in', stationIds).where('connected_at', '<', to)
      .where((eb) => eb.or([eb('disconnected_at', 'is', null), eb('disconnected_at', '>', from)]))
      .select(['station_id', 'connected_at', 'disconnected_at']).execute(),
    db.selectFrom('maintenance_windows').where('station_id', 'in', stationIds).where('starts_at', '<', to).where('starts_at', '<=', now)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', from)]))
      .select(['station_id', 'evse_id', 'starts_at', 'ends_at']).execute(),
    db.selectFrom('uptime_exclusions').where('starts_at', '<', to).where('ends_at', '>', from)
      .where((eb) => eb.or([eb('station_id', 'in', stationIds), ...(siteIds.length > 0 ? [eb('site_id', 'in', siteIds)] : [])]))
      .select(['station_id', 'evse_id', 'site_id', 'starts_at', 'ends_at', 'reason']).execute(),
  ]);
  const track = (s: string, e: number, c: number): StatusTrack => {
    const key = trackKey(s, e, c);
    let t = out.tracks.get(key);
    if (!t) out.tracks.set(key, (t = { initial: null, changes: [] }));
    return t;
  };
  for (const r of before) track(r.station_id, r.evse_id, r.connector_id).initial = r.status;
  for (const r of during) track(r.station_id, r.evse_id, r.connector_id).changes.push({ atMs: r.at.getTime(), status: r.status });
  for (const r of first) out.inService.set(`${r.station_id}:${r.evse_id}`, new Date(r.first_at).getTime());
  const nowMs = now.getTime();
  for (const r of connections) push(out.online, r.station_id, [r.connected_at.getTime(), r.disconnected_at?.getTime() ?? nowMs]);
  for (const r of windows) push(out.maintenance, r.station_id, { evseId: r.evse_id, fromMs: r.starts_at.getTime(), toMs: Math.min(r.ends_at?.getTime() ?? nowMs, nowMs) });
  out.exclusions = exclusions.map((r) => ({ stationId: r.station_id, evseId: r.evse_id, siteId: r.site_id, fromMs: r.starts_at.getTime(), toMs: r.ends_at.getTime(), reason: r.reason as ExclusionReason }));
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A stored month of one port. */
export interface MonthlyRow {
  stationId: string;
  evseId: number;
  month: string;
  periodStart: Date;
  periodEnd: Date;
  minutes: number;
  up: number;
  down: number;
  excluded: number;
  outsideHours: number;
  excludedByReason: Partial<Record<ExclusionReason, number>>;
  outages: unknown[];
}

/** Stored months of the given stations' ports among `months` (YYYY-MM-01). */
export async function readMonthly(db: Kysely<Database>, stationIds: string[], months: string[]): Promise<MonthlyRow[]> {
  if (stationIds.length === 0 || months.length === 0) return [];
  const rows = await db.selectFrom('uptime_monthly').where('station_id', 'in', stationIds).where('month', 'in', months)
    .select(['station_id', 'evse_id', sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month_text'), 'period_start', 'period_end', 'minutes', 'up_minutes', 'down_minutes', 'excluded_minutes', 'outside_hours_minutes', 'excluded_by_reason', 'outages'])
    .execute();
  return rows.map((r) => ({
    stationId: r.station_id, evseId: r.evse_id, month: r.month_text, periodStart: r.period_start, periodEnd: r.period_end, minutes: r.minutes,
    up: r.up_minutes, down: r.down_minutes, excluded: r.excluded_minutes, outsideHours: r.outside_hours_minutes,
    excludedByReason: r.excluded_by_reason as Partial<Record<ExclusionReason, number>>, outages: r.outages,
  }));
}

/** Stores (or replaces) closed months. */
export async function writeMonthly(db: Kysely<Database>, rows: MonthlyRow[], computedAt: Date): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('uptime_monthly').values(rows.map((r) => ({
    station_id: r.stationId, evse_id: r.evseId, month: r.month, period_start: r.periodStart, period_end: r.periodEnd, minutes: r.minutes,
    up_minutes: r.up, down_minutes: r.down, excluded_minutes: r.excluded, outside_hours_minutes: r.outsideHours,
    excluded_by_reason: JSON.stringify(r.excludedByReason), outages: JSON.stringify(r.outages), computed_at: computedAt,
  }))).onConflict((oc) => oc.columns(['station_id', 'evse_id', 'month']).doUpdateSet((eb) => ({
    period_start: eb.ref('excluded.period_start'), period_end: eb.ref('excluded.period_end'), minutes: eb.ref('excluded.minutes'),
    up_minutes: eb.ref('excluded.up_minutes'), down_minutes: eb.ref('excluded.down_minutes'), excluded_minutes: eb.ref('excluded.excluded_minutes'),
    outside_hours_minutes: eb.ref('excluded.outside_hours_minutes'), excluded_by_reason: eb.ref('excluded.excluded_by_reason'),
    outages: eb.ref('excluded.outages'), computed_at: eb.ref('excluded.computed_at'),
  }))).execute();
}

/**
 * Forgets stored months that overlap [from, to) for some stations (or every station of a site), after an
 * exclusion or a maintenance window changed them; they are computed again when next asked for.
 */
export async function forgetMonthly(db: Kysely<Database>, scope: { stationId?: string; siteId?: string }, from: Date, to: Date | null): Promise<void> {
  let q = db.deleteFrom('uptime_monthly').where('period_end', '>', from);
  if (to) q = q.where('period_start', '<', to);
  if (scope.stationId) q = q.where('station_id', '=', scope.stationId);
  else if (scope.siteId) q = q.where('station_id', 'in', (eb) => eb.selectFrom('stations').where('site_id', '=', scope.siteId!).select('id'));
  await q.execute();
}
