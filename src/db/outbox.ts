import type { Kysely } from 'kysely';
import type { DomainEvent } from '../bus/bus.js';
import type { BatchChannel } from './batch-committer.js';
import type { Database } from './schema.js';

/**
 * Writes events into the outbox table inside the caller's transaction (a Kysely transaction) and
 * returns them with their ids. Publish them on the bus only after the transaction commits, so no
 * consumer ever sees an event whose state change was rolled back.
 */
export async function insertEvents(trx: Kysely<Database>, events: readonly DomainEvent[]): Promise<DomainEvent[]> {
  if (events.length === 0) return [];
  const rows = await trx
    .insertInto('events')
    .values(events.map((e) => ({ recorded_at: e.at, type: e.type, station_id: e.stationId ?? null, session_id: e.sessionId ?? null, data: JSON.stringify(e.data) })))
    .returning('id')
    .execute();
  return events.map((e, i) => ({ ...e, id: rows[i]!.id }));
}

/**
 * The outbox as a batch channel, for state changes committed through the BatchCommitter: the ids are
 * assigned onto the given event objects when the batch is written, so they can be published after commit.
 */
export const eventChannel: BatchChannel<DomainEvent> = {
  name: 'events',
  async write(client, events) {
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
    events.forEach((e, i) => {
      e.id = res.rows[i]!.id;
    });
  },
};
