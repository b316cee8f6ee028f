import { sql, type Kysely } from 'kysely';
import type { DomainEvent } from '../bus/bus.js';
import type { Database } from './schema.js';

/** Which stored events a reader wants. */
export interface EventLogFilter {
  stationId?: string;
  /** Type prefixes, e.g. `connector.`, `session.`. */
  types?: readonly string[];
}

/** Stored (durable) events after `afterId`, oldest first, at most `limit`: what a reconnecting live stream missed. */
export async function readEventsAfter(db: Kysely<Database>, afterId: string, filter: EventLogFilter, limit: number): Promise<DomainEvent[]> {
  let query = db.selectFrom('events').where('id', '>', afterId);
  if (filter.stationId !== undefined) query = query.where('station_id', '=', filter.stationId);
  if (filter.types && filter.types.length > 0) {
    const patterns = filter.types.map((t) => `${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    query = query.where(sql<boolean>`type like any(${patterns}::text[])`);
  }
  const rows = await query.select(['id', 'recorded_at', 'type', 'station_id', 'session_id', 'data']).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, type: r.type, at: r.recorded_at.toISOString(), data: r.data,
    ...(r.station_id !== null ? { stationId: r.station_id } : {}), ...(r.session_id !== null ? { sessionId: r.session_id } : {}),
  }));
}
