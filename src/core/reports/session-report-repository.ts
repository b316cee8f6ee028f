import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ReportPosition, SessionReportFilter } from './reports.js';

/** One session with its station, site and token labels, as the report query returns it. */
export interface ReportDbRow {
  id: number;
  station_id: string;
  station_name: string | null;
  evse_id: number;
  connector_id: number;
  site_id: string | null;
  site_name: string | null;
  address: string | null;
  site_timezone: string | null;
  id_token: string | null;
  token_label: string | null;
  state: 'active' | 'completed';
  /** Times as epoch milliseconds: parsing three timestamps a row into Dates was a large part of an export's cost. */
  started_ms: number;
  stopped_ms: number | null;
  last_sample_ms: number | null;
  energy_wh: number;
  meter_start_wh: number | null;
  meter_stop_wh: number | null;
  stop_reason: string | null;
  cost_total: number | null;
  currency: string | null;
  cost: unknown;
  peak_power_w: number | null;
}

/** Samples are partitioned by server receive time; a station's clock may run this far ahead of ours. */
const CLOCK_SLACK = '1 day';

/**
 * Reads sessions for reports: keyset pages newest first (each page one short query, no transaction or
 * connection held between pages), and `rows()` chains them into a constant-memory stream for exports.
 */
export class SessionReportRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Up to `limit` rows after `after`, newest start first, with each session's peak power filled in. */
  page(filter: SessionReportFilter, after: ReportPosition | undefined, limit: number): Promise<ReportDbRow[]> {
    return this.select(filter, after, limit);
  }

  /**
   * Every matching row, fetched `batchSize` at a time, one batch ahead of the consumer (the database
   * works while the consumer writes): at most two batches are held. Stop iterating (break, return) to
   * stop reading.
   */
  async *rows(filter: SessionReportFilter, batchSize: number): AsyncGenerator<ReportDbRow, void, undefined> {
    let next: Promise<ReportDbRow[]> | undefined = this.page(filter, undefined, batchSize);
    try {
      while (next) {
        const batch: ReportDbRow[] = await next;
        next = undefined;
        const last = batch[batch.length - 1];
        if (batch.length === batchSize && last) next = this.page(filter, { startedAt: new Date(last.started_ms).toISOString(), id: last.id }, batchSize);
        yield* batch;
      }
    } finally {
      // A consumer that stopped early leaves the read-ahead unawaited: its outcome no longer matters.
      next?.catch(() => undefined);
    }
  }

  /** How many sessions match, counting at most `cap + 1`. */
  async count(filter: SessionReportFilter, cap: number): Promise<number> {
    const inner = this.filtered(filter).select(sql`1`.as('x')).limit(cap + 1).as('m');
    const row = await this.db.selectFrom(inner).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return row.n;
  }

  /** One session's row, whatever the filters; undefined when there is none. */
  async find(id: number): Promise<ReportDbRow | undefined> {
    return (await this.select({ id }, undefined, 1))[0];
  }

  private async select(filter: SessionReportFilter & { id?: number }, after: ReportPosition | undefined, limit: number): Promise<ReportDbRow[]> {
    let query = this.filtered(filter);
    if (filter.id !== undefined) query = query.where('s.id', '=', filter.id);
    // The position's exact start is read back by id: a JavaScript Date keeps milliseconds, PostgreSQL
    // microseconds, and a rounded bound would skip sessions started within the same millisecond.
    if (after) {
      query = query.where(sql<boolean>`(s.started_at, s.id) < (coalesce((select p.started_at from sessions p where p.id = ${after.id}::integer), ${after.startedAt}::timestamptz), ${after.id}::integer)`);
    }
    const rows = await query
      .select([
        's.id', 's.station_id', 'st.name as station_name', 's.evse_id', 's.connector_id', 'st.site_id', 'si.name as site_name',
        sql<string | null>`coalesce(st.address, si.address)`.as('address'), 'si.timezone as site_timezone',
        's.id_token', 't.label as token_label', 's.state',
        sql<number>`date_part('epoch', s.started_at) * 1000`.as('started_ms'),
        sql<number | null>`date_part('epoch', s.stopped_at) * 1000`.as('stopped_ms'),
        sql<number | null>`date_part('epoch', s.last_sample_at) * 1000`.as('last_sample_ms'),
        's.energy_wh',
        's.meter_start_wh', 's.meter_stop_wh', 's.stop_reason',
        sql<number | null>`s.cost_total::float8`.as('cost_total'), 's.currency', 's.cost',
      ])
      .orderBy('s.started_at', 'desc').orderBy('s.id', 'desc').limit(limit).execute();
    const peaks = await this.peakPower(rows);
    return rows.map((r) => ({ ...r, peak_power_w: peaks.get(r.id) ?? null }));
  }

  private filtered(f: SessionReportFilter) {
    let query = this.db.selectFrom('sessions as s')
      .innerJoin('stations as st', 'st.id', 's.station_id')
      .leftJoin('sites as si', 'si.id', 'st.site_id')
      .leftJoin('id_tokens as t', (join) => join.on(sql<boolean>`upper(t.token) = upper(s.id_token)`));
    if (f.stationId !== undefined) query = query.where('s.station_id', '=', f.stationId);
    if (f.siteId !== undefined) query = query.where('st.site_id', '=', f.siteId);
    if (f.state !== undefined) query = query.where('s.state', '=', f.state);
    if (f.from !== undefined) query = query.where('s.started_at', '>=', f.from);
    if (f.to !== undefined) query = query.where('s.started_at', '<', f.to);
    if (f.idToken !== undefined) query = query.where(sql<string>`upper(s.id_token)`, '=', f.idToken.toUpperCase());
    if (f.user !== undefined) query = query.where('t.label', 'ilike', `%${f.user.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return query;
  }

  /**
   * Peak total active power per session: the total when the station sends one, else the sum of its
   * phases at that instant. One query per page, bounded below by the page's earliest start.
   */
  private async peakPower(rows: ReadonlyArray<{ id: number; started_ms: number }>): Promise<Map<number, number>> {
    if (rows.length === 0) return new Map();
    let since = Infinity;
    for (const r of rows) since = Math.min(since, r.started_ms);
    const { rows: peaks } = await sql<{ session_id: number; peak: number }>`
      select session_id, max(w)::float8 as peak from (
        select session_id, coalesce(
          max(value) filter (where phase is null),
          sum(value) filter (where phase in ('L1', 'L2', 'L3')),
          sum(value) filter (where phase in ('L1-N', 'L2-N', 'L3-N'))) as w
        from meter_samples
        where session_id = any(${rows.map((r) => r.id)}::integer[]) and measurand = 'Power.Active.Import' and value is not null
          and (location is null or location = 'Outlet') and recorded_at >= to_timestamp(${since / 1000}::float8) - ${CLOCK_SLACK}::interval
        group by session_id, at
      ) p where w is not null group by session_id`.execute(this.db);
    return new Map(peaks.map((p) => [p.session_id, p.peak]));
  }
}
