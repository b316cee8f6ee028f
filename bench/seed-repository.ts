import type pg from 'pg';

/** How big the seeded fleet is. */
export interface FleetShape {
  stations: number;
  sites: number;
  /** Completed sessions per station, spread over the last 30 days (history behind "energy today"). */
  completedSessionsPerStation: number;
}

/** What the seed wrote, as counted back from the tables. */
export interface SeededFleet {
  stations: number;
  connectors: number;
  activeSessions: number;
  completedSessions: number;
  sites: number;
  /** A site with stations, for the site-filtered list. */
  sampleSiteId: string | null;
  seedS: number;
}

/** A deterministic pseudo-random integer in [0, n) from a row number and a salt, computed by PostgreSQL. */
const h = (expr: string, salt: number, n: number): string => `(abs(hashint4((${expr})::int + ${salt})::bigint) % ${n})`;

const NAME_WORDS = `array['North','South','East','West','Harbour','Airport','Depot','Mall','Station','Park']`;
const MODELS = `array['AC-22 Wallbox','AC-11 Pole','DC-50 Fast','DC-150 Hyper','AC-7 Home','DC-350 Ultra']`;
const VENDORS = `array['Voltiq','Ampera','Chargeline']`;
const FIRMWARE = `array['1.4.2','1.5.0','2.0.3','2.1.0-rc1']`;

/**
 * Seeds a large fleet straight into the tables in one transaction with set-based inserts (generate_series),
 * so 50,000 stations take seconds: sites; stations with mixed admission, protocol, model, firmware and
 * online state (online ones held by a peer node, as in a cluster, so the server's start-up does not mark
 * them offline); 1–4 connectors each with mixed statuses; an active session on every charging connector of
 * an online station; and completed sessions for history. Values are pseudo-random but repeatable.
 */
export async function seedFleet(pool: pg.Pool, shape: FleetShape): Promise<SeededFleet> {
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Site ids hash the row number: random-looking, as gen_random_uuid() makes them, yet repeatable.
    await client.query(
      `insert into sites (id, name, address, latitude, longitude)
       select md5('site-' || i)::uuid, 'Site ' || lpad(i::text, 4, '0'), i || ' Bench Road',
              48 + ${h('i', 11, 1000)} / 1000.0, 11 + ${h('i', 12, 1000)} / 1000.0
         from generate_series(1, $1::int) i`,
      [shape.sites],
    );
    await client.query(
      `with g as (
         select i, ${h('i', 1, 1000)} as adm, ${h('i', 2, 100)} as on_roll, ${h('i', 3, 1000000)} as r
           from generate_series(1, $1::int) i)
       insert into stations (id, name, admission, protocol, vendor, model, serial_number, firmware_version, online, node_id,
                             last_seen_at, connected_at, disconnected_at, last_boot_at, site_id)
       select 'ST-' || lpad(i::text, 6, '0'),
              case when r % 10 < 7 then (${NAME_WORDS})[1 + r % 10] || ' ' || (${NAME_WORDS})[1 + (r / 10) % 10] || ' ' || i end,
              case when adm < 20 then 'pending' when adm < 30 then 'disabled' else 'accepted' end,
              case when i % 2 = 0 then '1.6' else '2.0.1' end,
              (${VENDORS})[1 + (r / 100) % 3], (${MODELS})[1 + (r / 1000) % 6], 'SN-' || i, (${FIRMWARE})[1 + (r / 10000) % 4],
              online, case when online then 'bench-peer' end,
              case when online then now() - (r % 600) * interval '1 second' else now() - (r % 43200) * interval '1 minute' end,
              case when online then now() - (r % 86400) * interval '1 second' end,
              case when not online then now() - (r % 43200) * interval '1 minute' end,
              now() - (r % 20) * interval '1 day',
              case when r % 10 <> 9 and $2::int > 0 then md5('site-' || (1 + i % $2::int))::uuid end
         from (select *, adm >= 30 and on_roll < 85 as online from g) g`,
      [shape.stations, shape.sites],
    );
    // Connector rows with a logical status; 2.0.1 stations report Occupied for the plugged-in states.
    await client.query(
      `create temporary table seed_connectors on commit drop as
       select s.id as station_id, s.protocol, s.online, e as evse_id, x.status as logical,
              case when s.protocol = '2.0.1' and x.status in ('Charging', 'SuspendedEV', 'Preparing', 'Finishing') then 'Occupied' else x.status end as status,
              ${h('i * 8 + e', 5, 1000000)} as r
         from generate_series(1, $1::int) i
         join stations s on s.id = 'ST-' || lpad(i::text, 6, '0')
         cross join lateral generate_series(1, 1 + ${h('i', 4, 4)}::int) e
         cross join lateral (select case
              when ${h('i * 8 + e', 6, 100)} < 50 then 'Available' when ${h('i * 8 + e', 6, 100)} < 68 then 'Charging'
              when ${h('i * 8 + e', 6, 100)} < 72 then 'SuspendedEV' when ${h('i * 8 + e', 6, 100)} < 76 then 'Preparing'
              when ${h('i * 8 + e', 6, 100)} < 78 then 'Finishing' when ${h('i * 8 + e', 6, 100)} < 82 then 'Unavailable'
              when ${h('i * 8 + e', 6, 100)} < 85 then 'Faulted' else 'Available' end as status) x`,
      [shape.stations],
    );
    await client.query(
      `insert into connectors (station_id, evse_id, connector_id, status, error_code, vendor_error_code, status_at)
       select station_id, evse_id, 1, status, case when status = 'Faulted' then (array['GroundFailure','OverCurrentFailure','PowerMeterFailure'])[1 + r % 3] end,
              case when status = 'Faulted' then 'E' || (r % 90 + 10) end, now() - (r % 10000) * interval '1 minute'
         from seed_connectors`,
    );
    await client.query(
      `insert into sessions (station_id, transaction_ref, protocol, evse_id, connector_id, id_token, id_token_type, auth_status, state,
                             started_at, meter_start_wh, last_register_wh, energy_wh, power_w, soc, last_sample_at, charging_state)
       select station_id, 'seed-active-' || evse_id, protocol, evse_id, 1, 'TAG-' || lpad((r % 5000)::text, 4, '0'), 'ISO14443', 'Accepted', 'active',
              now() - (r % 180) * interval '1 minute', 1000000, 1000000 + (r % 180) * 150, (r % 180) * 150,
              case when logical = 'Charging' then 7000 + (r % 143) * 1000 else 0 end,
              case when r % 3 = 0 then 20 + r % 70 end, now() - (r % 10) * interval '1 second',
              case when protocol = '2.0.1' then logical end
         from seed_connectors where online and logical in ('Charging', 'SuspendedEV')`,
    );
    await client.query(
      `insert into sessions (station_id, transaction_ref, protocol, evse_id, connector_id, id_token, state, started_at, stopped_at,
                             meter_start_wh, meter_stop_wh, energy_wh, stop_reason)
       select s.id, 'seed-done-' || k, s.protocol, 1, 1, 'TAG-' || lpad(${h('i * 4 + k', 7, 5000)}::text, 4, '0'), 'completed',
              now() - ${h('i * 4 + k', 8, 43200)} * interval '1 minute', now() - ${h('i * 4 + k', 8, 43200)} * interval '1 minute' + interval '45 minutes',
              0, ${h('i * 4 + k', 9, 60000)}, ${h('i * 4 + k', 9, 60000)}, 'Local'
         from generate_series(1, $1::int) i
         join stations s on s.id = 'ST-' || lpad(i::text, 6, '0')
         cross join generate_series(1, $2::int) k`,
      [shape.stations, shape.completedSessionsPerStation],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await pool.query('analyze');
  const { rows } = await pool.query<{ stations: number; connectors: number; active: number; completed: number; sites: number; site: string | null }>(
    `select (select count(*)::int from stations) as stations, (select count(*)::int from connectors) as connectors,
            (select count(*)::int from sessions where state = 'active') as active, (select count(*)::int from sessions where state = 'completed') as completed,
            (select count(*)::int from sites) as sites, (select site_id::text from stations where site_id is not null order by id limit 1) as site`,
  );
  const r = rows[0]!;
  return {
    stations: r.stations, connectors: r.connectors, activeSessions: r.active, completedSessions: r.completed, sites: r.sites,
    sampleSiteId: r.site, seedS: Math.round((performance.now() - started) / 10) / 100,
  };
}
