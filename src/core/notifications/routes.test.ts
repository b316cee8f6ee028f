import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWebhook, NotificationCreatedEvent, NotificationSettingsView, NotificationView, Page, UnreadCount, WebhookAttemptView, WebhookView } from '../../http/api-types.js';
import { apiClient, userClient, type ApiClient } from '../../test-kit/api.js';
import { startHttpReceiver, type HttpReceiver } from '../../test-kit/http-receiver.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { openEventStream, type SseStream } from '../../test-kit/sse.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature.js';

let server: TestServer;
let receiver: HttpReceiver;
let ann: ApiClient & { userId: string };
let ben: ApiClient & { userId: string };
let admin: ApiClient;
const streams: SseStream[] = [];

async function raise(stationId: string, title: string): Promise<number> {
  await server.services.incidents.raise({ ruleKey: 'station_offline', subject: { type: 'station', stationId }, at: server.clock.now(), title, severity: 'critical' });
  await server.services.incidents.idle();
  await server.services.notifications.idle();
  const row = await server.database.db.selectFrom('incidents').select('id').where('station_id', '=', stationId).executeTakeFirstOrThrow();
  return Number(row.id);
}

async function stream(client: ApiClient): Promise<SseStream> {
  const s = await openEventStream(`${server.httpUrl}/api/events?types=notification.`, client.headers);
  streams.push(s);
  // The server registers a stream before it sends the headers, so it is live once openEventStream resolves.
  expect(s.status).toBe(200);
  return s;
}

const dataOf = <T>(m: { data: string }): T => (JSON.parse(m.data) as { data: T }).data;

beforeAll(async () => {
  server = await startTestServer();
  receiver = await startHttpReceiver();
  ann = await userClient(server, 'operator', 'ann');
  ben = await userClient(server, 'technician', 'ben');
  admin = await apiClient(server, 'admin');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await receiver?.close();
  await server?.close();
});

describe('in-app notifications', () => {
  it('reach only their recipient\'s live stream, with the unread count, and are marked read', async () => {
    await ben.put('/api/me/subscriptions', { email: null, subscriptions: [{ channel: 'in_app', minSeverity: 'critical', siteIds: null, ruleKeys: ['connector_faulted'], digest: false, notifyResolved: false }] });
    const annStream = await stream(ann);
    const benStream = await stream(ben);
    const id = await raise('NOTE-1', 'NOTE-1 is offline');
    const created = await annStream.next((m) => m.event === 'notification.created');
    const event = dataOf<NotificationCreatedEvent>(created);
    expect(event).toMatchObject({ recipientId: ann.userId, unread: 1, notification: { incidentId: id, change: 'opened', severity: 'critical', title: 'NOTE-1 is offline', readAt: null } });

    // Ben's subscription is for another rule; then he subscribes to everything critical and gets the next one.
    await ben.put('/api/me/subscriptions', { email: null, subscriptions: [{ channel: 'in_app', minSeverity: 'critical', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false }] });
    const second = await raise('NOTE-2', 'NOTE-2 is offline');
    const benCreated = dataOf<NotificationCreatedEvent>(await benStream.next((m) => m.event === 'notification.created'));
    expect(benCreated).toMatchObject({ recipientId: ben.userId, unread: 1, notification: { incidentId: second } });
    await annStream.next((m) => m.event === 'notification.created' && dataOf<NotificationCreatedEvent>(m).notification.incidentId === second);
    expect(annStream.messages.filter((m) => m.event?.startsWith('notification.')).every((m) => dataOf<{ recipientId: string }>(m).recipientId === ann.userId)).toBe(true);
    expect(benStream.messages.filter((m) => m.event === 'notification.created')).toHaveLength(1);

    expect((await ann.get<UnreadCount>('/api/notifications/unread-count')).body).toEqual({ count: 2 });
    const page = (await ann.get<Page<NotificationView>>('/api/notifications?limit=1')).body;
    expect(page.items.map((i) => i.incidentId)).toEqual([second]);
    expect(page.total).toBe(2);
    const rest = (await ann.get<Page<NotificationView>>(`/api/notifications?limit=1&cursor=${page.nextCursor}`)).body;
    expect(rest.items.map((i) => i.incidentId)).toEqual([id]);
    expect(rest.nextCursor).toBeNull();

    const benNotification = (await ben.get<Page<NotificationView>>('/api/notifications')).body.items[0]!;
    expect((await ann.post(`/api/notifications/${benNotification.id}/read`)).status, 'not hers').toBe(404);
    expect((await ann.post(`/api/notifications/${page.items[0]!.id}/read`)).status).toBe(204);
    const read = await annStream.next((m) => m.event === 'notification.read');
    expect(dataOf<UnreadCount>(read)).toEqual({ recipientId: ann.userId, count: 1 });
    expect((await ann.get<Page<NotificationView>>('/api/notifications?unread=true')).body.items.map((i) => i.incidentId)).toEqual([id]);
    expect((await ann.post<UnreadCount>('/api/notifications/read-all')).body).toEqual({ count: 1 });
    expect((await ann.get<UnreadCount>('/api/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await ben.get<UnreadCount>('/api/notifications/unread-count')).body, 'ben\'s stay unread').toEqual({ count: 1 });
    expect(benStream.messages.filter((m) => m.event === 'notification.read')).toHaveLength(0);
  });

  it('shows the defaults until a user saves subscriptions, and checks what is saved', async () => {
    const cat = await userClient(server, 'viewer', 'cat');
    const defaults = (await cat.get<NotificationSettingsView>('/api/me/subscriptions')).body;
    expect(defaults).toEqual({ email: null, emailAvailable: false, subscriptions: [{ channel: 'in_app', minSeverity: 'warning', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false }] });
    const emailSub = { channel: 'email', minSeverity: 'info', siteIds: ['00000000-0000-4000-8000-000000000001'], ruleKeys: null, digest: true, notifyResolved: true };
    expect((await cat.put('/api/me/subscriptions', { email: null, subscriptions: [emailSub] })).status, 'e-mail needs an address').toBe(400);
    expect((await cat.put('/api/me/subscriptions', { email: 'not-an-address', subscriptions: [] })).status).toBe(400);
    expect((await cat.put('/api/me/subscriptions', { email: 'cat@example.org', subscriptions: [{ ...emailSub, channel: 'sms' }] })).status).toBe(400);
    const saved = await cat.put<NotificationSettingsView>('/api/me/subscriptions', { email: 'cat@example.org', subscriptions: [emailSub] });
    expect(saved.status).toBe(200);
    expect((await cat.get<NotificationSettingsView>('/api/me/subscriptions')).body).toEqual({ email: 'cat@example.org', emailAvailable: false, subscriptions: [emailSub] });
    expect((await (await apiClient(server, 'driver')).get('/api/notifications')).status).toBe(403);
  });
});

describe('webhook endpoints', () => {
  it('are managed by admins, audited, tested with a signed message, and keep a delivery log', async () => {
    expect((await ann.post('/api/webhooks', { name: 'Ops', url: receiver.url })).status).toBe(403);
    expect((await ann.get('/api/webhooks')).status).toBe(403);
    const created = await admin.post<CreatedWebhook>('/api/webhooks', { name: 'Ops', url: receiver.url, secret: 'ops-secret-0123456789', minSeverity: 'critical' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Ops', url: receiver.url, secret: 'ops-secret-0123456789', secretHint: '6789', minSeverity: 'critical', enabled: true });
    const id = created.body.id;
    expect((await admin.get<WebhookView[]>('/api/webhooks')).body.map((w) => [w.id, 'secret' in w])).toEqual([[id, false]]);

    const test = await admin.post<WebhookAttemptView>(`/api/webhooks/${id}/test`);
    expect(test.body).toMatchObject({ event: 'webhook.test', attempt: 1, statusCode: 200, error: null, deliveryState: 'delivered' });
    const sent = receiver.requests.at(-1)!;
    expect(verifyWebhookSignature('ops-secret-0123456789', sent.body, String(sent.headers[SIGNATURE_HEADER]), server.clock.nowMs() / 1000)).toBe(true);

    const incidentId = await raise('HOOK-1', 'HOOK-1 is offline');
    await server.services.notifications.idle();
    const delivered = receiver.requests.at(-1)!;
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'incident.opened', incident: { id: incidentId, title: 'HOOK-1 is offline' } });
    const log = (await admin.get<WebhookAttemptView[]>(`/api/webhooks/${id}/deliveries`)).body;
    expect(log.map((a) => [a.event, a.statusCode, a.deliveryState])).toEqual([['incident.opened', 200, 'delivered'], ['webhook.test', 200, 'delivered']]);
    const timeline = (await admin.get<{ timeline: Array<{ kind: string; message: string }> }>(`/api/incidents/${incidentId}`)).body.timeline;
    expect(timeline.find((t) => t.kind === 'notified')?.message).toContain('webhook Ops');

    expect((await admin.patch<WebhookView>(`/api/webhooks/${id}`, { enabled: false, secret: 'a-new-secret-0123456789' })).body).toMatchObject({ enabled: false, secretHint: '6789' });
    expect((await admin.delete(`/api/webhooks/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/webhooks/${id}`)).status).toBe(404);
    const audit = await server.services.accounts.audit({ action: 'webhook.' });
    expect(audit.map((a) => a.action).sort()).toEqual(['webhook.created', 'webhook.deleted', 'webhook.tested', 'webhook.updated']);
    expect(JSON.stringify(audit)).not.toContain('a-new-secret');
  });
});
