import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ProgressSeed } from './progress-tracker.js';

interface SeedRow {
  id: number;
  station_id: string;
  started_at: Date;
  energy_wh: number;
  power_w: number | null;
  soc: number | null;
  last_sample_at: Date | null;
  target_soc: number | null;
  energy_requested_wh: number | null;
  departure_at: Date | null;
  ev_max_power_w: number | null;
  ev_capacity_wh: number | null;
  peak_w: number | null;
  charging_ms: number | null;
  first_soc: number | null;
  first_soc_at: Date | null;
  first_soc_energy_wh: number | null;
}

/**
 * Running sessions with what their progress needs after a restart: the stored state, the EV's needs, the
 * peak power sampled, the time the register rose (charging), and the first SoC with the energy at that
 * moment. Read once at start (the session/time index keeps it to the running sessions' samples).
 */
export async function loadProgressSeeds(db: Kysely<Database>): Promise<ProgressSeed[]> {
  const { rows } = await sql<SeedRow>`
    with act as (select * from sessions where state = 'active'),
    s as (
      select m.session_id, m.at, m.measurand, m.value from meter_samples m
      where m.session_id in (select id from act) and m.phase is null and m.value is not null
        and m.measurand in ('Power.Active.Import', 'Energy.Active.Import.Register', 'SoC')
    ),
    reg as (
      -- The first reading counts from the start, as the live tracker counts it.
      select s.session_id, s.at, s.value, coalesce(lag(s.value) over w, a.meter_start_wh) as prev, coalesce(lag(s.at) over w, a.started_at) as prev_at
      from s join act a on a.id = s.session_id
      where s.measurand = 'Energy.Active.Import.Register' window w as (partition by s.session_id order by s.at)
    ),
    charging as (
      select session_id, sum(extract(epoch from at - prev_at) * 1000) filter (where value > prev)::float8 as ms from reg group by session_id
    ),
    peak as (select session_id, max(value) as w from s where measurand = 'Power.Active.Import' group by session_id),
    first_soc as (select distinct on (session_id) session_id, at, value from s where measurand = 'SoC' order by session_id, at)
    select a.id, a.station_id, a.started_at, a.energy_wh, a.power_w, a.soc, a.last_sample_at, a.target_soc, a.energy_requested_wh,
      a.departure_at, a.ev_max_power_w, a.ev_capacity_wh, peak.w as peak_w, charging.ms as charging_ms,
      f.value as first_soc, f.at as first_soc_at,
      (select r.value from reg r where r.session_id = a.id and r.at <= f.at order by r.at desc limit 1) - a.meter_start_wh as first_soc_energy_wh
    from act a
    left join peak on peak.session_id = a.id
    left join charging on charging.session_id = a.id
    left join first_soc f on f.session_id = a.id`.execute(db);
  return rows.map((r) => ({
    id: r.id, stationId: r.station_id, startedAtMs: r.started_at.getTime(), energyWh: r.energy_wh, powerW: r.power_w, soc: r.soc,
    lastAtMs: r.last_sample_at?.getTime() ?? null, peakPowerW: r.peak_w, chargingMs: r.charging_ms ?? 0,
    firstSoc: r.first_soc !== null && r.first_soc_at !== null && r.first_soc_energy_wh !== null && r.first_soc_energy_wh >= 0
      ? { atMs: r.first_soc_at.getTime(), soc: r.first_soc, energyWh: r.first_soc_energy_wh, chargingMs: 0 } : null,
    needs: r.target_soc === null && r.energy_requested_wh === null && r.departure_at === null && r.ev_max_power_w === null && r.ev_capacity_wh === null ? null : {
      targetSoc: r.target_soc, energyRequestedWh: r.energy_requested_wh, departureMs: r.departure_at?.getTime() ?? null,
      evMaxPowerW: r.ev_max_power_w, capacityWh: r.ev_capacity_wh,
    },
  }));
}
