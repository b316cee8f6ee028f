import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CommandLogEntry } from '../../http/api-types.js';

/** Records one command sent to a station, with its outcome; returns the entry id. */
export async function insertCommandLog(
  db: Kysely<Database>,
  v: { stationId: string; command: string; request: Record<string, unknown>; status: string | null; error: string | null; sentBy: string; sentAt: Date; durationMs: number },
): Promise<string> {
  const row = await db.insertInto('command_log').values({
    station_id: v.stationId, command: v.command, request: JSON.stringify(v.request), status: v.status, error: v.error, sent_by: v.sentBy, sent_at: v.sentAt, duration_ms: v.durationMs,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A station's commands, newest first, after `beforeId`; one more than `limit` to tell whether more exist. */
export async function queryCommandLog(db: Kysely<Database>, stationId: string, q: { beforeId?: string; limit: number }): Promise<{ rows: CommandLogEntry[]; total: number }> {
  const query = db.selectFrom('command_log').where('station_id', '=', stationId);
  const [rows, count] = await Promise.all([
    (q.beforeId !== undefined ? query.where('id', '<', q.beforeId) : query).selectAll().orderBy('id', 'desc').limit(q.limit + 1).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id, stationId: r.station_id, command: r.command, request: r.request, status: r.status, error: r.error, sentBy: r.sent_by,
      sentAt: r.sent_at.toISOString(), durationMs: r.duration_ms,
    })),
    total: count.n,
  };
}

/** Whether a station exists (commands are logged against it). */
export async function stationExists(db: Kysely<Database>, stationId: string): Promise<boolean> {
  return (await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst()) !== undefined;
}
