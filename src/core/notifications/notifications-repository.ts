import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, EmailDigestItemsTable, NotificationsTable } from '../../db/schema.js';
import type { NotificationView } from './notifications.js';

type NotificationRow = Selectable<NotificationsTable>;

function toView(r: NotificationRow): NotificationView {
  return {
    id: r.id, incidentId: Number(r.incident_id), change: r.change, severity: r.severity, title: r.title, stationId: r.station_id, siteId: r.site_id,
    createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/** Adds a user's in-app notification. */
export async function insertNotification(db: Kysely<Database>, row: Insertable<NotificationsTable>): Promise<NotificationView> {
  return toView(await db.insertInto('notifications').values(row).returningAll().executeTakeFirstOrThrow());
}

/** A user's notifications, newest first, below `beforeId`. */
export async function listNotifications(db: Kysely<Database>, userId: string, q: { unreadOnly: boolean; beforeId?: string; limit: number }): Promise<NotificationView[]> {
  let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (q.unreadOnly) query = query.where('read_at', 'is', null);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toView);
}

/** How many notifications a user has (unread only, if asked). */
export async function countNotifications(db: Kysely<Database>, userId: string, unreadOnly: boolean): Promise<number> {
  let query = db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Kysely<Database>, userId: string, id: string, at: Date): Promise<boolean> {
  const found = await db.updateTable('notifications').set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('id', '=', id).where('user_id', '=', userId).returning('id').executeTakeFirst();
  return found !== undefined;
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(db: Kysely<Database>, userId: string, at: Date): Promise<number> {
  const res = await db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Saved notification settings per user (users absent from the map have none saved). */
export async function findSettings(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, { email: string | null; subscriptions: unknown[] }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('notification_settings').select(['user_id', 'email', 'subscriptions']).where('user_id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.user_id, { email: r.email, subscriptions: r.subscriptions }]));
}

/** Saves a user's settings. */
export async function saveSettings(db: Kysely<Database>, userId: string, email: string | null, subscriptions: unknown[], at: Date): Promise<void> {
  const values = { email, subscriptions: JSON.stringify(subscriptions), updated_at: at };
  await db.insertInto('notification_settings').values({ user_id: userId, ...values }).onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
}

/** Queues a change for a user's next digest. */
export async function insertDigestItem(db: Kysely<Database>, row: Insertable<EmailDigestItemsTable>): Promise<void> {
  await db.insertInto('email_digest_items').values(row).execute();
}

/** Digest items not sent yet that were queued before `before`, oldest first. */
export async function pendingDigestItems(db: Kysely<Database>, before: Date): Promise<Array<Selectable<EmailDigestItemsTable>>> {
  return db.selectFrom('email_digest_items').selectAll().where('sent_at', 'is', null).where('created_at', '<', before).orderBy('id').execute();
}

/** Marks digest items sent. */
export async function markDigestSent(db: Kysely<Database>, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length > 0) await db.updateTable('email_digest_items').set({ sent_at: at }).where('id', 'in', ids).execute();
}
