import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../../db/schema.js';
import type { WebhookAttemptView } from './notifications.js';

/** A webhook endpoint row. */
export type WebhookRow = Selectable<WebhooksTable>;
/** A delivery row. */
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Every endpoint, by name. */
export async function listWebhooks(db: Kysely<Database>, onlyEnabled = false): Promise<WebhookRow[]> {
  let query = db.selectFrom('webhooks').selectAll();
  if (onlyEnabled) query = query.where('enabled', '=', true);
  return query.orderBy('name').orderBy('id').execute();
}

/** One endpoint. */
export async function findWebhook(db: Kysely<Database>, id: string): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds an endpoint. */
export async function insertWebhook(db: Kysely<Database>, row: Insertable<WebhooksTable>): Promise<WebhookRow> {
  return db.insertInto('webhooks').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Changes an endpoint. */
export async function updateWebhook(db: Kysely<Database>, id: string, set: Updateable<WebhooksTable>): Promise<WebhookRow | undefined> {
  return db.updateTable('webhooks').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes an endpoint with its deliveries and log. */
export async function deleteWebhook(db: Kysely<Database>, id: string): Promise<boolean> {
  const res = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Queues messages for delivery. */
export async function insertDeliveries(db: Kysely<Database>, rows: Array<Insertable<WebhookDeliveriesTable>>): Promise<DeliveryRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('webhook_deliveries').values(rows).returningAll().execute();
}

/**
 * Claims up to `limit` pending deliveries due at `now` (ids given: only those): moves their next attempt to
 * `leaseUntil` so no other sender takes them while this one tries; rows locked by another sender are skipped.
 */
export async function claimDueDeliveries(db: Kysely<Database>, now: Date, leaseUntil: Date, limit: number, ids?: readonly string[]): Promise<Array<DeliveryRow & { url: string; secret: string }>> {
  return db.transaction().execute(async (trx) => {
    let due = trx.selectFrom('webhook_deliveries').select('id').where('state', '=', 'pending').where('next_attempt_at', '<=', now);
    if (ids) due = due.where('id', 'in', ids.length > 0 ? ids : ['0']);
    const rows = await due.orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
    if (rows.length === 0) return [];
    const claimed = await trx.updateTable('webhook_deliveries').set({ next_attempt_at: leaseUntil, attempts: sql<number>`attempts + 1` })
      .where('id', 'in', rows.map((r) => r.id)).returningAll().execute();
    const hooks = await trx.selectFrom('webhooks').select(['id', 'url', 'secret']).where('id', 'in', [...new Set(claimed.map((c) => c.webhook_id))]).execute();
    const byId = new Map(hooks.map((h) => [h.id, h]));
    return claimed.flatMap((c) => {
      const hook = byId.get(c.webhook_id);
      return hook ? [{ ...c, url: hook.url, secret: hook.secret }] : [];
    });
  });
}

/** Records one attempt and the delivery's next state (pending with a next time, delivered or failed). */
export async function recordAttempt(
  db: Kysely<Database>,
  attempt: { deliveryId: string; webhookId: string; attempt: number; at: Date; statusCode: number | null; error: string | null; latencyMs: number },
  next: { state: 'pending'; nextAttemptAt: Date } | { state: 'delivered' | 'failed' },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('webhook_attempts').values({
      delivery_id: attempt.deliveryId, webhook_id: attempt.webhookId, attempt: attempt.attempt, at: attempt.at,
      status_code: attempt.statusCode, error: attempt.error, latency_ms: attempt.latencyMs,
    }).execute();
    const set: Updateable<WebhookDeliveriesTable> = next.state === 'pending' ? { next_attempt_at: next.nextAttemptAt } : { state: next.state, finished_at: attempt.at };
    await trx.updateTable('webhook_deliveries').set(set).where('id', '=', attempt.deliveryId).execute();
  });
}

/** An endpoint's delivery log: its attempts, newest first, below `beforeId`. */
export async function listAttempts(db: Kysely<Database>, webhookId: string, q: { beforeId?: string; limit: number }): Promise<WebhookAttemptView[]> {
  let query = db.selectFrom('webhook_attempts as a').innerJoin('webhook_deliveries as d', 'd.id', 'a.delivery_id')
    .select(['a.id', 'a.delivery_id', 'a.attempt', 'a.at', 'a.status_code', 'a.error', 'a.latency_ms', 'd.event', 'd.incident_id', 'd.max_attempts', 'd.state'])
    .where('a.webhook_id', '=', webhookId);
  if (q.beforeId !== undefined) query = query.where('a.id', '<', q.beforeId);
  const rows = await query.orderBy('a.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id, deliveryId: r.delivery_id, event: r.event, incidentId: r.incident_id === null ? null : Number(r.incident_id), attempt: r.attempt,
    maxAttempts: r.max_attempts, at: r.at.toISOString(), statusCode: r.status_code, error: r.error, latencyMs: r.latency_ms, deliveryState: r.state,
  }));
}
