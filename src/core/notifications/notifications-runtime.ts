import { EmailDigest } from './email-digest.js';
import { NotificationDispatcher } from './notification-dispatcher.js';
import type { DispatchDeps, Mailer, WebhookSettings } from './notifications.js';
import { NotificationService } from './notifications-service.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksService } from './webhooks-service.js';

/** The notification parts of a running process. */
export interface Notifications {
  notifications: NotificationService;
  webhooks: WebhooksService;
  dispatcher: NotificationDispatcher;
  sender: WebhookSender;
  digest: EmailDigest | undefined;
  /** Resolves when every incident change received so far has been sent on (webhook retries aside). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the notification parts over one store and bus and starts them: the dispatcher follows incident
 * events, the webhook sender retries due deliveries, the digest waits for each new hour (with e-mail on).
 */
export function startNotifications(deps: DispatchDeps & { webhookSettings: WebhookSettings; mailer: Mailer | undefined }): Notifications {
  const base = { db: deps.db, bus: deps.bus, clock: deps.clock, ids: deps.ids, logger: deps.logger };
  const notifications = new NotificationService({ ...base, emailAvailable: deps.mailer !== undefined });
  const sender = new WebhookSender({ db: deps.db, clock: deps.clock, logger: deps.logger, settings: deps.webhookSettings });
  const webhooks = new WebhooksService({ ...base, sender, settings: deps.webhookSettings });
  const digest = deps.mailer ? new EmailDigest({
    db: deps.db, clock: deps.clock, logger: deps.logger, mailer: deps.mailer,
    emailOf: async (ids) => new Map([...(await notifications.settingsOf(ids))].map(([id, s]) => [id, s.email])),
  }) : undefined;
  const dispatcher = new NotificationDispatcher({ ...deps, inbox: notifications, webhooks, digest });
  dispatcher.start();
  sender.start();
  digest?.start();
  return {
    notifications, webhooks, dispatcher, sender, digest,
    idle: async () => {
      await dispatcher.idle();
      await sender.idle();
    },
    stop: async () => {
      dispatcher.stop();
      sender.stop();
      digest?.stop();
      await dispatcher.idle();
      await sender.idle();
      await digest?.idle();
      deps.mailer?.close();
    },
  };
}
