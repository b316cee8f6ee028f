import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FailedStart, PortSession } from './derived-downtime.js';

/** Sessions longer than this before the period are not looked at (their Charging history is not loaded either). */
export const SESSION_LOOKBACK_MS = 7 * 86_400_000;

/**
 * Failed start attempts per port (`station:evse`) in [from, to), each with the port's next attempt. An attempt
 * is a session start or a remote start; it failed, as the failed-starts alert rule has it, when the token was
 * refused, the session ended within `quickStopS` with no energy, or the remote start was not accepted.
 */
export async function loadFailedStarts(db: Kysely<Database>, stationIds: string[], from: Date, to: Date, quickStopS: number): Promise<Map<string, FailedStart[]>> {
  const out = new Map<string, FailedStart[]>();
  if (stationIds.length === 0) return out;
  const { rows } = await sql<{ station_id: string; evse_id: number; at: Date; next_at: Date | null }>`
    select station_id, evse_id, at, next_at from (
      select station_id, evse_id, at, failed, lead(at) over (partition by station_id, evse_id order by at) as next_at
      from (
        select station_id, evse_id, started_at as at,
          (auth_status is not null and auth_status <> 'Accepted')
            or (stopped_at is not null and energy_wh <= 0 and stopped_at <= started_at + make_interval(secs => ${quickStopS})) as failed
        from sessions
        where station_id in (${sql.join(stationIds)}) and evse_id > 0 and started_at >= ${from} and started_at < ${to}
        union all
        select station_id, (request->>'evseId')::int, sent_at, true
        from command_log
        where station_id in (${sql.join(stationIds)}) and command = 'remote-start' and status is distinct from 'Accepted'
          and sent_at >= ${from} and sent_at < ${to} and request->>'evseId' ~ '^[1-9][0-9]{0,3}$'
      ) attempts
    ) judged
    where failed
    order by station_id, evse_id, at`.execute(db);
  for (const r of rows) {
    const key = `${r.station_id}:${r.evse_id}`;
    const list = out.get(key) ?? [];
    list.push({ atMs: r.at.getTime(), nextAttemptMs: r.next_at?.getTime() ?? null });
    out.set(key, list);
  }
  return out;
}

/** Sessions per port (`station:evse`) overlapping [from, to), started at most SESSION_LOOKBACK_MS before `from`; a running one ends `now`. */
export async function loadPortSessions(db: Kysely<Database>, stationIds: string[], from: Date, to: Date, now: Date): Promise<Map<string, PortSession[]>> {
  const out = new Map<string, PortSession[]>();
  if (stationIds.length === 0) return out;
  const rows = await db.selectFrom('sessions')
    .where('station_id', 'in', stationIds).where('evse_id', '>', 0)
    .where('started_at', '<', to).where('started_at', '>=', new Date(from.getTime() - SESSION_LOOKBACK_MS))
    .where((eb) => eb.or([eb('stopped_at', 'is', null), eb('stopped_at', '>', from)]))
    .select(['station_id', 'evse_id', 'connector_id', 'started_at', 'stopped_at', 'energy_wh'])
    .execute();
  for (const r of rows) {
    const key = `${r.station_id}:${r.evse_id}`;
    const list = out.get(key) ?? [];
    list.push({ connectorId: r.connector_id, fromMs: r.started_at.getTime(), toMs: Math.min((r.stopped_at ?? now).getTime(), now.getTime()), energyWh: r.energy_wh });
    out.set(key, list);
  }
  return out;
}
