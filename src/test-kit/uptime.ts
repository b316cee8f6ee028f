import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Writes a station's history as the station service would have stored it: connector statuses `[at, evse, status]`
 * (evse 0: the station as a whole; a port's connector 1 otherwise) and its connections `[connected, disconnected]`.
 */
export async function writePortHistory(db: Kysely<Database>, stationId: string, rows: Array<[string, number, string]>, connections: Array<[string, string | null]>): Promise<void> {
  const evses = [...new Set(rows.map((r) => r[1]).filter((e) => e > 0))];
  if (evses.length > 0) await db.insertInto('connectors').values(evses.map((evse) => ({ station_id: stationId, evse_id: evse, connector_id: 1, status: 'Available' }))).onConflict((oc) => oc.doNothing()).execute();
  if (rows.length > 0) await db.insertInto('connector_status_history').values(rows.map(([at, evse, status]) => ({ station_id: stationId, evse_id: evse, connector_id: evse === 0 ? 0 : 1, status, at, recorded_at: at }))).execute();
  if (connections.length > 0) await db.insertInto('station_connections').values(connections.map(([a, b]) => ({ station_id: stationId, node_id: 'test-node', connected_at: a, disconnected_at: b }))).execute();
}

/** A stored session on a port's connector 1, as the session service would have left it. */
export interface StoredSession {
  evseId: number;
  startedAt: string;
  /** Null: still running. */
  stoppedAt: string | null;
  energyWh: number;
  authStatus?: string;
}

let sessionRefs = 0;

/** Writes sessions of a station straight into the table (completed unless `stoppedAt` is null). */
export async function writeSessions(db: Kysely<Database>, stationId: string, sessions: StoredSession[]): Promise<void> {
  await db.insertInto('sessions').values(sessions.map((s) => ({
    station_id: stationId, transaction_ref: `T-${++sessionRefs}`, protocol: '1.6', evse_id: s.evseId, connector_id: 1,
    auth_status: s.authStatus ?? 'Accepted', state: s.stoppedAt === null ? 'active' : 'completed', started_at: s.startedAt, stopped_at: s.stoppedAt, energy_wh: s.energyWh,
  }))).execute();
}

/** Writes remote starts `[sentAt, evse, status]` to the command log (status null: no answer). */
export async function writeRemoteStarts(db: Kysely<Database>, stationId: string, rows: Array<[string, number, string | null]>): Promise<void> {
  await db.insertInto('command_log').values(rows.map(([at, evseId, status]) => ({
    station_id: stationId, command: 'remote-start', request: JSON.stringify({ evseId, idToken: 'REMOTE' }), status, error: status === null ? 'timeout' : null, sent_by: 'ops', sent_at: at, duration_ms: 100,
  }))).execute();
}
