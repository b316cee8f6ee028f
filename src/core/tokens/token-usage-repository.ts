import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';

/** A session running on a token. */
export interface ActiveTokenSession {
  id: number;
  stationId: string;
  evseId: number;
  connectorId: number;
  startedAt: Date;
}

const byToken = (token: string) => sql<SqlBool>`upper(id_token) = upper(${token})`;

/** Sessions started with a token in [from, to) and their energy (sessions_id_token_idx). */
export async function usageBetween(db: Kysely<Database>, token: string, from: Date, to: Date): Promise<{ sessions: number; energyWh: number }> {
  const row = await db.selectFrom('sessions')
    .select([sql<number>`count(*)::int`.as('sessions'), sql<number>`coalesce(sum(energy_wh), 0)::float8`.as('energy_wh')])
    .where(byToken(token)).where('started_at', '>=', from).where('started_at', '<', to)
    .executeTakeFirstOrThrow();
  return { sessions: row.sessions, energyWh: row.energy_wh };
}

/** The sessions running on a token now. */
export async function activeSessionsOf(db: Kysely<Database>, token: string): Promise<ActiveTokenSession[]> {
  const rows = await db.selectFrom('sessions').select(['id', 'station_id', 'evse_id', 'connector_id', 'started_at'])
    .where(byToken(token)).where('state', '=', 'active').orderBy('started_at').execute();
  return rows.map((r) => ({ id: r.id, stationId: r.station_id, evseId: r.evse_id, connectorId: r.connector_id, startedAt: r.started_at }));
}
