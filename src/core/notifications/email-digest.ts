import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { digestEmail } from './email-format.js';
import type { IncidentChange, Mailer } from './notifications.js';
import { insertDigestItem, markDigestSent, pendingDigestItems } from './notifications-repository.js';

const HOUR_MS = 3_600_000;
/** How often the clock is checked for a new hour (real time). */
const TICK_MS = 15_000;

/** The start of the hour `at` is in. */
export function hourStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * Hourly digest e-mails: non-critical incident changes are stored per user and, once the clock passes into
 * a new hour, everything collected before it goes to each user as one e-mail. Items stay stored until sent,
 * so a restart or a failed send only delays them to the next pass.
 */
export class EmailDigest {
  private lastHour = -1;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; logger: Logger; mailer: Mailer; emailOf(userIds: readonly string[]): Promise<Map<string, string | null>> }) {}

  /** Sends what an earlier run left, then watches the clock for each new hour. */
  start(): void {
    void this.runDue();
    this.timer = setInterval(() => {
      if (Math.floor(this.deps.clock.nowMs() / HOUR_MS) !== this.lastHour) void this.runDue();
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Collects a change for the user's next digest. */
  async collect(userId: string, c: IncidentChange): Promise<void> {
    await insertDigestItem(this.deps.db, {
      user_id: userId, incident_id: c.incident.id, change: c.change, severity: c.incident.severity, title: c.incident.title,
      station_id: c.incident.stationId, created_at: this.deps.clock.now(),
    });
  }

  /** Sends every user's digest of what was collected before the current hour; resolves when done. */
  runDue(): Promise<void> {
    this.chain = this.chain.then(() => this.pass()).catch((error: Error) => this.deps.logger.error({ err: error.message }, 'e-mail digest pass failed'));
    return this.chain;
  }

  /** Resolves when no pass is running. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async pass(): Promise<void> {
    const now = this.deps.clock.now();
    this.lastHour = Math.floor(now.getTime() / HOUR_MS);
    const items = await pendingDigestItems(this.deps.db, hourStart(now));
    if (items.length === 0) return;
    const byUser = new Map<string, typeof items>();
    for (const item of items) byUser.set(item.user_id, [...(byUser.get(item.user_id) ?? []), item]);
    const emails = await this.deps.emailOf([...byUser.keys()]);
    for (const [userId, list] of byUser) {
      const to = emails.get(userId) ?? null;
      const ids = list.map((i) => i.id);
      // A user who removed their address since gets nothing: their items are dropped, not kept for ever.
      if (to === null) {
        await markDigestSent(this.deps.db, ids, now);
        continue;
      }
      const mail = digestEmail(list.map((i) => ({ incidentId: Number(i.incident_id), change: i.change, severity: i.severity, title: i.title, stationId: i.station_id, at: i.created_at })), hourStart(new Date(now.getTime() - HOUR_MS)));
      try {
        await this.deps.mailer.send({ to, ...mail });
        await markDigestSent(this.deps.db, ids, now);
      } catch (error) {
        this.deps.logger.warn({ userId, items: ids.length, err: (error as Error).message }, 'digest e-mail failed; kept for the next hour');
      }
    }
  }
}
