/** Notifications: in-app (live), e-mail (now or hourly digest) and signed webhooks for incident changes. */
export { startNotifications, type Notifications } from './notifications-runtime.js';
export { NotificationService } from './notifications-service.js';
export { WebhooksService } from './webhooks-service.js';
export { NotificationDispatcher, type NotifiedSummary } from './notification-dispatcher.js';
export { EmailDigest } from './email-digest.js';
export { WebhookSender, backoffMs } from './webhook-sender.js';
export { createMailer, SmtpMailer } from './smtp-mailer.js';
export { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from './webhook-signature.js';
export { DEFAULT_SUBSCRIPTIONS } from './notifications.js';
export type * from './notifications.js';
