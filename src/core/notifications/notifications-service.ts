import type { DomainEvent } from '../../bus/bus.js';
import type { Page } from '../../http/api-types.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/pagination.js';
import { withEvents } from '../shared/with-events.js';
import {
  DEFAULT_SUBSCRIPTIONS, type IncidentChange, type NotificationDeps, type NotificationSettingsRequest, type NotificationSettingsView,
  type NotificationView, type Subscription,
} from './notifications.js';
import { countNotifications, findSettings, insertNotification, listNotifications, markAllRead, markRead, saveSettings } from './notifications-repository.js';

const ID = /^\d{1,18}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const MAX_SUBSCRIPTIONS = 50;

/** A user's settings as the dispatcher reads them. */
export interface UserNotificationSettings {
  email: string | null;
  subscriptions: readonly Subscription[];
}

function isSubscription(v: unknown): v is Subscription {
  const s = v as Partial<Subscription> | null;
  return typeof s === 'object' && s !== null && (s.channel === 'in_app' || s.channel === 'email') && typeof s.minSeverity === 'string';
}

/** In-app notifications (list, unread count, mark read) and users' subscriptions. */
export class NotificationService {
  constructor(private readonly deps: NotificationDeps & { emailAvailable: boolean }) {}

  /** The user's notifications, newest first. */
  async list(userId: string, q: { unread?: boolean; cursor?: string; limit?: number }): Promise<Page<NotificationView>> {
    const limit = pageLimit(q.limit, 20, 200);
    const unreadOnly = q.unread === true;
    const beforeId = q.cursor !== undefined ? decodeCursor(q.cursor, (v): v is string => typeof v === 'string' && ID.test(v)) : undefined;
    const items = await listNotifications(this.deps.db, userId, { unreadOnly, beforeId, limit: limit + 1 });
    const more = items.length > limit;
    if (more) items.pop();
    return { items, nextCursor: more ? encodeCursor(items.at(-1)!.id) : null, total: await countNotifications(this.deps.db, userId, unreadOnly) };
  }

  unreadCount(userId: string): Promise<number> {
    return countNotifications(this.deps.db, userId, true);
  }

  /** Marks one of the user's notifications read (NotFoundError if it is not theirs); their streams get the new count. */
  async markRead(userId: string, id: string): Promise<void> {
    const found = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const found = ID.test(id) && (await markRead(trx, userId, id, this.deps.clock.now()));
      return { result: found, events: found ? [await this.readEvent(trx, userId)] : [] };
    });
    if (!found) throw new NotFoundError('notification', id);
  }

  /** Marks all the user's notifications read; returns how many were unread. */
  async markAllRead(userId: string): Promise<number> {
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const count = await markAllRead(trx, userId, this.deps.clock.now());
      return { result: count, events: count > 0 ? [await this.readEvent(trx, userId)] : [] };
    });
  }

  /** Adds an in-app notification and sends it live to the user's open streams (`notification.created`). */
  async notify(userId: string, c: IncidentChange): Promise<NotificationView> {
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const notification = await insertNotification(trx, {
        user_id: userId, incident_id: c.incident.id, change: c.change, severity: c.incident.severity, title: c.incident.title,
        station_id: c.incident.stationId, site_id: c.incident.siteId, created_at: this.deps.clock.now(),
      });
      const unread = await countNotifications(trx, userId, true);
      return { result: notification, events: [this.event('notification.created', { recipientId: userId, notification, unread })] };
    });
  }

  /** The user's settings (the defaults when they saved none). */
  async settings(userId: string): Promise<NotificationSettingsView> {
    const saved = (await this.settingsOf([userId])).get(userId)!;
    return { email: saved.email, subscriptions: [...saved.subscriptions], emailAvailable: this.deps.emailAvailable };
  }

  /** Replaces the user's settings. */
  async saveSettings(userId: string, input: NotificationSettingsRequest): Promise<NotificationSettingsView> {
    const email = input.email === null ? null : input.email.trim();
    if (email !== null && !EMAIL.test(email)) throw new ValidationError('not an e-mail address', { email });
    if (input.subscriptions.length > MAX_SUBSCRIPTIONS) throw new ValidationError(`at most ${MAX_SUBSCRIPTIONS} subscriptions`);
    if (email === null && input.subscriptions.some((s) => s.channel === 'email')) throw new ValidationError('e-mail subscriptions need an e-mail address');
    const subscriptions = input.subscriptions.map((s): Subscription => ({
      channel: s.channel, minSeverity: s.minSeverity, siteIds: s.siteIds === null ? null : [...new Set(s.siteIds)], ruleKeys: s.ruleKeys === null ? null : [...new Set(s.ruleKeys)],
      digest: s.channel === 'email' && s.digest, notifyResolved: s.notifyResolved,
    }));
    await saveSettings(this.deps.db, userId, email, subscriptions, this.deps.clock.now());
    return this.settings(userId);
  }

  /** Settings of several users at once (defaults filled in). */
  async settingsOf(userIds: readonly string[]): Promise<Map<string, UserNotificationSettings>> {
    const saved = await findSettings(this.deps.db, userIds);
    return new Map(userIds.map((id) => {
      const s = saved.get(id);
      return [id, s ? { email: s.email, subscriptions: s.subscriptions.filter(isSubscription) } : { email: null, subscriptions: DEFAULT_SUBSCRIPTIONS }];
    }));
  }

  private async readEvent(trx: NotificationDeps['db'], userId: string): Promise<DomainEvent> {
    return this.event('notification.read', { recipientId: userId, count: await countNotifications(trx, userId, true) });
  }

  private event(type: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data };
  }
}
