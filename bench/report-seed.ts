import type pg from 'pg';

/** What to seed: completed sessions spread evenly over a period, round robin over stations, sites and tokens. */
export interface ReportSeed {
  stations: number;
  sessions: number;
  /** Sites the stations are spread over (default stations / 50, at least 1). */
  sites?: number;
  /** Distinct id tokens (default 10,000, at most `sessions`). */
  tokens?: number;
  /** Start of the period (the first session's start). */
  from: Date;
  /** Length of the period in days. */
  days: number;
  /** Station id prefix, so several seeds can share a database. */
  prefix?: string;
}

/**
 * Bulk synthetic history for report benchmarks and tests: sites, stations, labelled id tokens and
 * completed sessions with plausible durations, energy and meter readings, all made in PostgreSQL with
 * generate_series (a million sessions take seconds, not a million round trips).
 */
export async function seedReportSessions(pool: pg.Pool, seed: ReportSeed): Promise<{ firstSessionId: number; lastSessionId: number }> {
  const prefix = seed.prefix ?? 'RPT';
  const sites = seed.sites ?? Math.max(1, Math.floor(seed.stations / 50));
  const tokens = Math.max(1, Math.min(seed.tokens ?? 10_000, seed.sessions));
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into sites (id, name, address, timezone)
       select md5($1 || '-site-' || g)::uuid, $1 || ' site ' || g, g || ' Charging Street, Springfield', 'Europe/Berlin'
       from generate_series(1, $2::int) g`,
      [prefix, sites],
    );
    await client.query(
      `insert into stations (id, name, admission, protocol, vendor, model, site_id)
       select $1 || '-' || lpad(g::text, 6, '0'), $1 || ' charger ' || g, 'accepted', case when g % 2 = 0 then '2.0.1' else '1.6' end,
         'Seed', 'AC-22', md5($1 || '-site-' || (1 + g % $3::int))::uuid
       from generate_series(1, $2::int) g`,
      [prefix, seed.stations, sites],
    );
    await client.query(
      `insert into id_tokens (token, type, label)
       select $1 || 'TOK' || lpad(g::text, 8, '0'), 'ISO14443', 'Driver ' || g
       from generate_series(1, $2::int) g`,
      [prefix, tokens],
    );
    // Each session: 10 min to ~4 h, 3.7–22 kW average; meters count up per station.
    const { rows } = await client.query<{ first: number; last: number }>(
      `with s as (
         select g,
           $1 || '-' || lpad((1 + g % $3::int)::text, 6, '0') as station_id,
           $4::timestamptz + ((g - 1)::float8 / $2::int) * ($5::int * interval '1 day') as started_at,
           600 + (g::bigint * 7919) % 14400 as duration_s,
           3700 + (g::bigint * 104729) % 18300 as power_w
         from generate_series(1, $2::int) g
       ), ins as (
         insert into sessions (station_id, transaction_ref, protocol, evse_id, connector_id, id_token, id_token_type, auth_status, state,
           started_at, stopped_at, meter_start_wh, meter_stop_wh, last_register_wh, energy_wh, stop_reason, last_sample_at)
         select station_id, 'S' || g, '1.6', 1 + g % 2, 1, $1 || 'TOK' || lpad((1 + g % $6::int)::text, 8, '0'), 'ISO14443', 'Accepted', 'completed',
           started_at, started_at + duration_s * interval '1 second',
           (g / $3::int) * 30000.0, (g / $3::int) * 30000.0 + round(power_w * duration_s / 3600.0),
           (g / $3::int) * 30000.0 + round(power_w * duration_s / 3600.0), round(power_w * duration_s / 3600.0),
           case when g % 10 = 0 then 'Remote' when g % 7 = 0 then 'EVDisconnected' else 'Local' end,
           started_at + duration_s * interval '1 second'
         from s
         returning id
       )
       select min(id)::int as first, max(id)::int as last from ins`,
      [prefix, seed.sessions, seed.stations, seed.from, seed.days, tokens],
    );
    await client.query('commit');
    await client.query('analyze sessions; analyze stations; analyze sites; analyze id_tokens');
    return { firstSessionId: rows[0]!.first, lastSessionId: rows[0]!.last };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
