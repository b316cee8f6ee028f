import type pg from 'pg';
import type { DomainEvent } from '../bus/bus.js';

/**
 * Writes events into the outbox table inside the caller's transaction and returns them with their ids.
 * Publishing happens after commit, so no consumer ever sees an event whose state change was rolled back.
 */
export async function writeEvents(client: pg.PoolClient | pg.Pool, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return [];
  const res = await client.query<{ id: string }>(
    `insert into events (recorded_at, type, station_id, session_id, data)
     select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::integer[], $5::jsonb[]) returning id`,
    [
      events.map((e) => e.at),
      events.map((e) => e.type),
      events.map((e) => e.stationId ?? null),
      events.map((e) => e.sessionId ?? null),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
  return events.map((e, i) => ({ ...e, id: res.rows[i]!.id }));
}
