import type { DomainEvent } from '../../bus/bus.js';
import { CHANNELS, INCIDENT_EVENTS, type Channel } from '../alerts/index.js';
import type { EmailDigest } from './email-digest.js';
import { incidentEmail } from './email-format.js';
import type { DispatchDeps, IncidentChange } from './notifications.js';
import type { NotificationService } from './notifications-service.js';
import { deliveryFor, notifyingChange } from './subscription-match.js';
import type { WebhooksService } from './webhooks-service.js';

/** Who got one change, for the incident's timeline. */
export interface NotifiedSummary {
  inApp: string[];
  email: string[];
  digest: string[];
  webhooks: Array<{ id: string; name: string }>;
}

/**
 * Fans incident changes (opened, escalated, resolved) out to users' in-app notifications and e-mail (now or
 * in the hourly digest) per their subscriptions, and to webhooks per their filters, within the channels the
 * incident's rule allows; then writes one "notified" entry on the incident's timeline. Changes are handled
 * one at a time, in bus order.
 */
export class NotificationDispatcher {
  private chain: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DispatchDeps & { inbox: NotificationService; webhooks: WebhooksService; digest: EmailDigest | undefined }) {}

  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((event) => this.onEvent(event), INCIDENT_EVENTS);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Resolves when every change received so far has been handled. */
  idle(): Promise<void> {
    return this.chain;
  }

  private onEvent(event: DomainEvent): void {
    const change = notifyingChange(event);
    if (!change) return;
    this.chain = this.chain.then(async () => void (await this.dispatch(change))).catch((error: Error) =>
      this.deps.logger.error({ incidentId: change.incident.id, change: change.change, err: error.message }, 'notifying an incident change failed'));
  }

  /** Sends one change everywhere it should go; returns who got it. */
  async dispatch(c: IncidentChange): Promise<NotifiedSummary> {
    const allowed = this.allowedChannels(c);
    const users = (await this.deps.users.list()).filter((u) => !u.disabled && u.role !== 'driver');
    const settings = await this.deps.inbox.settingsOf(users.map((u) => u.id));
    const sent: NotifiedSummary = { inApp: [], email: [], digest: [], webhooks: [] };
    for (const user of users) {
      const s = settings.get(user.id)!;
      const delivery = deliveryFor(s.subscriptions, c, allowed);
      if (delivery.inApp) {
        await this.deps.inbox.notify(user.id, c);
        sent.inApp.push(user.username);
      }
      if (delivery.email === null || s.email === null || !this.deps.mailer) continue;
      if (delivery.email === 'digest' && this.deps.digest) {
        await this.deps.digest.collect(user.id, c);
        sent.digest.push(s.email);
        continue;
      }
      try {
        await this.deps.mailer.send({ to: s.email, ...incidentEmail(c.change, c.incident) });
        sent.email.push(s.email);
      } catch (error) {
        this.deps.logger.warn({ userId: user.id, incidentId: c.incident.id, err: (error as Error).message }, 'incident e-mail failed');
      }
    }
    sent.webhooks = (await this.deps.webhooks.enqueue(c, allowed)).map((w) => ({ id: w.id, name: w.name }));
    await this.record(c, sent);
    return sent;
  }

  private allowedChannels(c: IncidentChange): readonly Channel[] {
    try {
      return this.deps.rules.settingsFor(c.incident.ruleKey, c.incident.siteId).channels;
    } catch (error) {
      // A rule no longer in the catalog still has its incidents announced everywhere.
      this.deps.logger.warn({ ruleKey: c.incident.ruleKey, err: (error as Error).message }, 'no settings for the rule of an incident; all channels allowed');
      return CHANNELS;
    }
  }

  private async record(c: IncidentChange, sent: NotifiedSummary): Promise<void> {
    const parts = [
      sent.inApp.length > 0 ? `in-app to ${sent.inApp.join(', ')}` : '',
      sent.email.length > 0 ? `e-mail to ${sent.email.join(', ')}` : '',
      sent.digest.length > 0 ? `hourly digest for ${sent.digest.join(', ')}` : '',
      sent.webhooks.length > 0 ? `webhook ${sent.webhooks.map((w) => w.name).join(', ')}` : '',
    ].filter((p) => p.length > 0);
    if (parts.length === 0) return;
    await this.deps.timeline.record(c.incident.id, {
      kind: 'notified', actor: 'system', message: `Notified (${c.change}): ${parts.join('; ')}`,
      data: { change: c.change, inApp: sent.inApp, email: sent.email, digest: sent.digest, webhooks: sent.webhooks },
    });
  }
}
