import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { statementChannel, statementText } from '../../db/batch-committer.js';
import { arrayParam } from '../../db/unnest-insert.js';
import type { Database, SessionsTable } from '../../db/schema.js';
import { meterValuesStatement, type SampleGroup } from './meter-samples.js';

/** A sessions row as stored. */
export type SessionRow = Selectable<SessionsTable>;
/** Columns a session may be created with. */
export type NewSessionRow = Insertable<SessionsTable>;
/** Columns a session may be changed in. */
export type SessionPatch = Updateable<SessionsTable>;

/** The active sessions of one station, to seed the in-memory meter state (once per station per process). */
export function loadActiveSessions(db: Kysely<Database>, stationId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('station_id', '=', stationId).where('state', '=', 'active').orderBy('id').execute();
}

/** The session a station knows by `transactionRef`. */
export function findSessionByRef(db: Kysely<Database>, stationId: string, transactionRef: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('station_id', '=', stationId).where('transaction_ref', '=', transactionRef).executeTakeFirst();
}

/** The session a repeated 1.6 StartTransaction already created. */
export function findSessionByStartKey(db: Kysely<Database>, stationId: string, startKey: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('station_id', '=', stationId).where('start_key', '=', startKey).executeTakeFirst();
}

/** Reserves a session id (it doubles as the 1.6 transactionId, so it is needed before the insert). */
export async function nextSessionId(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ id: number }>`select nextval('session_ids')::integer as id`.execute(db);
  return rows[0]!.id;
}

/** Inserts a session and returns the stored row. */
export function insertSession(db: Kysely<Database>, row: NewSessionRow): Promise<SessionRow> {
  return db.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Changes a session and returns the stored row. */
export function updateSession(db: Kysely<Database>, id: number, patch: SessionPatch): Promise<SessionRow> {
  return db.updateTable('sessions').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Closes every active session on an EVSE (a new start proves they are over) and returns them. */
export function supersedeActive(db: Kysely<Database>, stationId: string, evseId: number, at: Date, now: Date): Promise<SessionRow[]> {
  return db.updateTable('sessions')
    .set({ state: 'completed', stopped_at: sql<Date>`greatest(started_at, ${at}::timestamptz)`, stop_reason: 'superseded', updated_at: now })
    .where('station_id', '=', stationId).where('evse_id', '=', evseId).where('state', '=', 'active')
    .returningAll().execute();
}

/** Writes meter samples inside a Kysely transaction (start/stop paths, where samples and state commit together). */
export async function insertSampleGroups(db: Kysely<Database>, groups: readonly SampleGroup[]): Promise<void> {
  const s = meterValuesStatement(groups);
  if (s) await db.executeQuery(CompiledQuery.raw(statementText(s), s.params));
}

/** Keeps a transaction message nobody can place (unknown transaction); the same message twice is kept once. */
export async function insertOrphan(db: Kysely<Database>, o: { stationId: string; action: string; transactionRef: string | null; payload: Record<string, unknown>; at: Date }): Promise<void> {
  const payload = JSON.stringify(o.payload);
  await sql`insert into orphan_messages (station_id, action, transaction_ref, payload, recorded_at)
    select ${o.stationId}, ${o.action}, ${o.transactionRef}, ${payload}::jsonb, ${o.at}
    where not exists (select 1 from orphan_messages where station_id = ${o.stationId} and action = ${o.action}
      and transaction_ref is not distinct from ${o.transactionRef} and payload = ${payload}::jsonb)`.execute(db);
}

/** A session's meter progress as the hot path writes it (one UPDATE per batch for all sessions). */
export interface ProgressUpdate {
  sessionId: number;
  energyWh: number;
  meterStartWh: number | null;
  lastRegisterWh: number | null;
  powerW: number | null;
  soc: number | null;
  lastSampleAt: Date | null;
  seqNo: number | null;
  chargingState: string | null;
  anomaly: string | null;
  /** Receive time of the newest message folded into this progress. */
  progressThrough: Date;
  updatedAt: Date;
}

const PROGRESS_TYPES = ['integer', 'float8', 'float8', 'float8', 'float8', 'float8', 'timestamptz', 'integer', 'text', 'text', 'timestamptz', 'timestamptz'] as const;
const PROGRESS_FIELDS: readonly ((u: ProgressUpdate) => unknown)[] = [
  (u) => u.sessionId, (u) => u.energyWh, (u) => u.meterStartWh, (u) => u.lastRegisterWh, (u) => u.powerW, (u) => u.soc,
  (u) => u.lastSampleAt, (u) => u.seqNo, (u) => u.chargingState, (u) => u.anomaly, (u) => u.progressThrough, (u) => u.updatedAt,
];

/**
 * Writes session progress checkpoints through the BatchCommitter: one `update … from unnest` for every
 * session of the batch. Only active sessions change, energy can only grow, and a checkpoint never replaces
 * a newer one (a process that held a station before it moved elsewhere cannot roll its session back).
 */
export const sessionProgressChannel = statementChannel<ProgressUpdate>('session_progress', (items, first) => {
  const latest = new Map<number, ProgressUpdate>();
  for (const u of items) latest.set(u.sessionId, u);
  // In id order, so that concurrent writers of the same sessions lock them in one order.
  const u = [...latest.values()].sort((a, b) => a.sessionId - b.sessionId);
  const p = (i: number) => `$${first + i}::${PROGRESS_TYPES[i]}[]`;
  return {
    sql: `update sessions s set
         energy_wh = greatest(s.energy_wh, u.energy_wh), meter_start_wh = u.meter_start_wh, last_register_wh = u.last_register_wh,
         power_w = u.power_w, soc = u.soc, last_sample_at = u.last_sample_at, seq_no = greatest(s.seq_no, u.seq_no),
         charging_state = coalesce(u.charging_state, s.charging_state), anomaly = coalesce(s.anomaly, u.anomaly),
         progress_through = u.progress_through, updated_at = u.updated_at
       from unnest(${PROGRESS_TYPES.map((_, i) => p(i)).join(', ')})
         as u(id, energy_wh, meter_start_wh, last_register_wh, power_w, soc, last_sample_at, seq_no, charging_state, anomaly, progress_through, updated_at)
       where s.id = u.id and s.state = 'active' and (s.progress_through is null or u.progress_through >= s.progress_through)`,
    params: PROGRESS_TYPES.map((type, i) => arrayParam(type, u.map(PROGRESS_FIELDS[i]!))),
  };
});
