import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { NotificationChange, Role, SubscriptionView } from '../../http/api-types.js';
import type { IncidentSummary, IncidentTimeline, RuleSettingsProvider, Severity } from '../alerts/index.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';

export type {
  CreatedWebhook, NotificationChange, NotificationSettingsRequest, NotificationSettingsView, NotificationView, SubscriptionView,
  WebhookAttemptView, WebhookRequest, WebhookView,
} from '../../http/api-types.js';

/** A user's subscription; the same shape as the API's. */
export type Subscription = SubscriptionView;

/** What a user without saved settings gets: in-app for warning and worse, on every site and rule. */
export const DEFAULT_SUBSCRIPTIONS: readonly Subscription[] = [
  { channel: 'in_app', minSeverity: 'warning', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false },
];

/** The rank of a severity, for "at least" comparisons. */
export function severityRank(s: Severity): number {
  return s === 'critical' ? 2 : s === 'warning' ? 1 : 0;
}

/** An incident change that notifies: the incident as it is after the change. */
export interface IncidentChange {
  change: NotificationChange;
  incident: IncidentSummary;
  at: Date;
}

/** Someone who may receive notifications (staff accounts; drivers and disabled users never do). */
export interface Recipient {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
}

/** One e-mail to send. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail; undefined where no SMTP host is set. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** SMTP settings (from the config). */
export interface SmtpSettings {
  host: string | undefined;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  from: string;
}

/** Webhook delivery tuning. */
export interface WebhookSettings {
  /** Attempts per message before it is given up (first try included). */
  maxAttempts: number;
  /** How long one attempt waits for an answer. */
  timeoutMs: number;
  /** Wait before the second attempt; doubles after each failure. */
  backoffBaseMs: number;
  /** Longest wait between attempts. */
  backoffMaxMs: number;
}

/** What the notification services are built from. */
export interface NotificationDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
}

/** What fanning incidents out needs besides the store. */
export interface DispatchDeps extends NotificationDeps {
  /** Rules' effective settings: a rule's `channels` limit where its incidents may go. */
  rules: Pick<RuleSettingsProvider, 'settingsFor'>;
  /** Where "notified" entries are written. */
  timeline: Pick<IncidentTimeline, 'record'>;
  /** Every account (filtered to staff that is not disabled). */
  users: { list(): Promise<Recipient[]> };
  mailer: Mailer | undefined;
}
