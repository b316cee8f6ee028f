import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { WebhookSettings } from './notifications.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';
import { claimDueDeliveries, recordAttempt, type DeliveryRow } from './webhooks-repository.js';

/** Deliveries claimed per pass. */
const BATCH = 50;
/** How often the sender looks for retries that have come due (real time; "due" is the clock's). */
const TICK_MS = 1_000;

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most `max`. */
export function backoffMs(attempts: number, settings: Pick<WebhookSettings, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1), settings.backoffMaxMs);
}

/**
 * Sends queued webhook deliveries: signed POSTs, retried with exponential back-off on a non-2xx answer, a
 * timeout or a network error until `maxAttempts`. The queue is the `webhook_deliveries` table, so pending
 * retries survive a restart; passes are serialised, and a claim lease keeps two processes off one row.
 */
export class WebhookSender {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: { db: Kysely<Database>; clock: Clock; logger: Logger; settings: WebhookSettings }) {}

  /** Starts looking for due retries every second. */
  start(): void {
    this.timer = setInterval(() => void this.runDue(), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Attempts every due delivery (only `ids`, if given) once; resolves when this pass and any before it end. */
  runDue(ids?: readonly string[]): Promise<void> {
    this.chain = this.chain.then(() => this.pass(ids)).catch((error: Error) => this.deps.logger.error({ err: error.message }, 'webhook delivery pass failed'));
    return this.chain;
  }

  /** Resolves when no pass is running. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async pass(ids: readonly string[] | undefined): Promise<void> {
    for (;;) {
      const now = this.deps.clock.now();
      const lease = new Date(now.getTime() + this.deps.settings.timeoutMs + 60_000);
      const due = await claimDueDeliveries(this.deps.db, now, lease, BATCH, ids);
      await Promise.all(due.map((d) => this.attempt(d)));
      if (due.length < BATCH) return;
    }
  }

  private async attempt(d: DeliveryRow & { url: string; secret: string }): Promise<void> {
    const { clock, settings } = this.deps;
    const at = clock.now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(settings.timeoutMs),
        headers: {
          'content-type': 'application/json', 'user-agent': 'Chargewatch-Webhook/1', [SIGNATURE_HEADER]: signWebhook(d.secret, d.body, Math.floor(clock.nowMs() / 1000)),
          'x-chargewatch-event': d.event, 'x-chargewatch-delivery': d.id,
        },
        body: d.body,
      });
      statusCode = res.status;
      await res.body?.cancel();
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (e) {
      const err = e as Error;
      error = err.name === 'TimeoutError' ? `no answer within ${settings.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message);
    }
    const latencyMs = Math.round(performance.now() - started);
    const next = error === null ? { state: 'delivered' as const }
      : d.attempts < d.max_attempts ? { state: 'pending' as const, nextAttemptAt: new Date(clock.nowMs() + backoffMs(d.attempts, settings)) }
      : { state: 'failed' as const };
    if (next.state === 'failed') this.deps.logger.warn({ webhookId: d.webhook_id, deliveryId: d.id, attempts: d.attempts, err: error }, 'webhook delivery given up');
    await recordAttempt(this.deps.db, { deliveryId: d.id, webhookId: d.webhook_id, attempt: d.attempts, at, statusCode, error, latencyMs }, next);
  }
}
