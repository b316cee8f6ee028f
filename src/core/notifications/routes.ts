import type { FastifyInstance, FastifyRequest } from 'fastify';
import type {
  CreatedWebhook, NotificationSettingsRequest, NotificationSettingsView, NotificationView, Page, UnreadCount, WebhookAttemptView, WebhookRequest, WebhookView,
} from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { READ_ROLES } from '../../http/roles.js';
import { errors, idParams, noContent, ok, page, pageQuery } from '../../http/schemas.js';
import type { Role } from '../accounts/index.js';
import { pageLimit } from '../shared/pagination.js';
import type { NotificationService } from './notifications-service.js';
import type { WebhooksService } from './webhooks-service.js';

const ADMIN: readonly Role[] = ['admin'];
const severity = { type: 'string', enum: ['info', 'warning', 'critical'] } as const;
const idList = (maxLength: number) => ({ type: ['array', 'null'], maxItems: 500, items: { type: 'string', minLength: 1, maxLength } });

const subscriptionSchema = {
  type: 'object', additionalProperties: false, required: ['channel', 'minSeverity', 'siteIds', 'ruleKeys', 'digest', 'notifyResolved'],
  properties: { channel: { type: 'string', enum: ['in_app', 'email'] }, minSeverity: severity, siteIds: idList(100), ruleKeys: idList(100), digest: { type: 'boolean' }, notifyResolved: { type: 'boolean' } },
} as const;

const webhookBody = (required: string[]) => ({
  type: 'object', additionalProperties: false, required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 }, url: { type: 'string', minLength: 1, maxLength: 2000 }, secret: { type: 'string', minLength: 16, maxLength: 200 },
    minSeverity: severity, siteIds: idList(100), ruleKeys: idList(100), enabled: { type: 'boolean' },
  },
});

/** Only people have notifications: an API token (a machine) has none. */
function userOf(request: FastifyRequest): string {
  return principalOf(request).id;
}

/** The signed-in user's notifications and subscriptions, and (admins) webhook endpoints with their delivery logs. */
export function registerNotificationRoutes(fastify: FastifyInstance, deps: { notifications: NotificationService; webhooks: WebhooksService }): void {
  const { notifications, webhooks } = deps;
  const tags = ['notifications'];

  fastify.get<{ Querystring: { unread?: boolean; cursor?: string; limit?: number } }>('/api/notifications', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'My notifications, newest first', querystring: { type: 'object', properties: { unread: { type: 'boolean' }, ...pageQuery } }, response: { 200: page('Page<NotificationView>'), ...errors(400) } },
  }, async (request): Promise<Page<NotificationView>> => notifications.list(userOf(request), request.query));

  fastify.get('/api/notifications/unread-count', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'How many of my notifications are unread', response: { 200: ok('UnreadCount') } },
  }, async (request): Promise<UnreadCount> => ({ count: await notifications.unreadCount(userOf(request)) }));

  fastify.post<{ Params: { id: string } }>('/api/notifications/:id/read', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'Mark one of my notifications read', params: idParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await notifications.markRead(userOf(request), request.params.id);
    return reply.status(204).send();
  });

  fastify.post('/api/notifications/read-all', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'Mark all my notifications read', response: { 200: ok('UnreadCount: how many were marked') } },
  }, async (request): Promise<UnreadCount> => ({ count: await notifications.markAllRead(userOf(request)) }));

  fastify.get('/api/me/subscriptions', {
    config: { roles: READ_ROLES },
    schema: { tags, summary: 'My notification subscriptions (defaults until saved: in-app, warning and worse, everything)', response: { 200: ok('NotificationSettingsView') } },
  }, async (request): Promise<NotificationSettingsView> => notifications.settings(userOf(request)));

  fastify.put<{ Body: NotificationSettingsRequest }>('/api/me/subscriptions', {
    config: { roles: READ_ROLES },
    schema: {
      tags, summary: 'Replace my notification subscriptions',
      body: { type: 'object', additionalProperties: false, required: ['email', 'subscriptions'], properties: { email: { type: ['string', 'null'], maxLength: 320 }, subscriptions: { type: 'array', maxItems: 50, items: subscriptionSchema } } },
      response: { 200: ok('NotificationSettingsView'), ...errors(400) },
    },
  }, async (request): Promise<NotificationSettingsView> => {
    const saved = await notifications.saveSettings(userOf(request), request.body);
    await audit(request, 'subscriptions.changed', principalOf(request).id, { subscriptions: request.body.subscriptions.length, email: request.body.email !== null });
    return saved;
  });

  fastify.get('/api/webhooks', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Webhook endpoints', response: { 200: { description: 'WebhookView[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<WebhookView[]> => webhooks.list());

  fastify.post<{ Body: WebhookRequest }>('/api/webhooks', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Add a webhook endpoint (the answer is the only one with the whole secret)', body: webhookBody(['name', 'url']), response: { 201: ok('CreatedWebhook'), ...errors(400) } },
  }, async (request, reply) => {
    const created: CreatedWebhook = await webhooks.create(request.body);
    await audit(request, 'webhook.created', created.id, { name: created.name, url: created.url });
    return reply.status(201).send(created);
  });

  fastify.get<{ Params: { id: string } }>('/api/webhooks/:id', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'One webhook endpoint', params: idParams, response: { 200: ok('WebhookView'), ...errors(404) } },
  }, async (request): Promise<WebhookView> => webhooks.get(request.params.id));

  fastify.patch<{ Params: { id: string }; Body: Partial<WebhookRequest> }>('/api/webhooks/:id', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Change a webhook endpoint', params: idParams, body: webhookBody([]), response: { 200: ok('WebhookView'), ...errors(400, 404) } },
  }, async (request): Promise<WebhookView> => {
    const changed = await webhooks.update(request.params.id, request.body);
    const { secret, ...shown } = request.body;
    await audit(request, 'webhook.updated', request.params.id, { ...shown, ...(secret !== undefined ? { secret: 'changed' } : {}) });
    return changed;
  });

  fastify.delete<{ Params: { id: string } }>('/api/webhooks/:id', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Delete a webhook endpoint with its delivery log', params: idParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await webhooks.remove(request.params.id);
    await audit(request, 'webhook.deleted', request.params.id);
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string }; Querystring: { before?: string; limit?: number } }>('/api/webhooks/:id/deliveries', {
    config: { roles: ADMIN },
    schema: {
      tags, summary: 'The delivery log: every attempt with status code, error and latency, newest first', params: idParams,
      querystring: { type: 'object', properties: { before: { type: 'string', pattern: '^\\d{1,18}$', description: 'attempt id to continue below' }, limit: pageQuery.limit } },
      response: { 200: { description: 'WebhookAttemptView[]', type: 'array', items: { type: 'object', additionalProperties: true } }, ...errors(400, 404) },
    },
  }, async (request): Promise<WebhookAttemptView[]> => webhooks.attempts(request.params.id, { beforeId: request.query.before, limit: pageLimit(request.query.limit, 50, 500) }));

  fastify.post<{ Params: { id: string } }>('/api/webhooks/:id/test', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Send a webhook.test message now (one attempt) and return how it went', params: idParams, response: { 200: ok('WebhookAttemptView'), ...errors(404) } },
  }, async (request): Promise<WebhookAttemptView> => {
    const attempt = await webhooks.test(request.params.id);
    await audit(request, 'webhook.tested', request.params.id, { statusCode: attempt.statusCode, error: attempt.error });
    return attempt;
  });
}
