import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import { insertEvents } from '../../db/outbox.js';

/** Keeps one INSERT well under PostgreSQL's 65,535 parameters (5 per event). */
const EVENTS_PER_INSERT = 5_000;

/**
 * Runs `work` in one transaction, storing the events it returns in the outbox of that transaction, and
 * publishes them on the bus only after the commit (so nobody sees a change that was rolled back).
 */
export async function withEvents<T>(db: Kysely<Database>, bus: Bus, work: (trx: Kysely<Database>) => Promise<{ result: T; events: DomainEvent[] }>): Promise<T> {
  const { result, stored } = await db.transaction().execute(async (trx) => {
    const { result, events } = await work(trx);
    const stored: DomainEvent[] = [];
    for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) stored.push(...(await insertEvents(trx, events.slice(i, i + EVENTS_PER_INSERT))));
    return { result, stored };
  });
  for (const event of stored) bus.publish(event);
  return result;
}
