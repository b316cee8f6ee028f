import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../bus/in-process-bus.js';
import type { IncidentSummary } from '../alerts/index.js';
import { FakeClock } from '../shared/clock.js';
import { sequentialIds } from '../shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { startHttpReceiver, type HttpReceiver } from '../../test-kit/http-receiver.js';
import { silentLogger } from '../../test-kit/logger.js';
import { backoffMs, WebhookSender } from './webhook-sender.js';
import { SIGNATURE_HEADER, verifyWebhookSignature } from './webhook-signature.js';
import { WebhooksService } from './webhooks-service.js';

const settings = { maxAttempts: 4, timeoutMs: 2_000, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000 };
const SECRET = 'a-secret-of-enough-length';
let clock: FakeClock;
let database: TestDatabase;
let receiver: HttpReceiver;

function services(): { sender: WebhookSender; webhooks: WebhooksService } {
  const sender = new WebhookSender({ db: database.db, clock, logger: silentLogger, settings });
  const webhooks = new WebhooksService({ db: database.db, bus: new InProcessBus(silentLogger), clock, ids: sequentialIds('wh'), logger: silentLogger, sender, settings });
  return { sender, webhooks };
}

const incident = (over: Partial<IncidentSummary> = {}): IncidentSummary => ({
  id: 41, ruleKey: 'connector_faulted', category: 'connector', subjectType: 'connector', subjectKey: 'connector:CP-9:1:1', stationId: 'CP-9', evseId: 1, connectorId: 1,
  sessionId: null, siteId: null, severity: 'critical', state: 'open', title: 'Connector 1 Faulted: GroundFailure', details: { errorCode: 'GroundFailure' }, occurrences: 1,
  firstSeenAt: '2026-03-01T10:00:00.000Z', lastSeenAt: '2026-03-01T10:00:00.000Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
  resolutionNote: null, assigneeId: null, ticketId: null, autoResolved: false, escalatedAt: null, ...over,
});

beforeAll(async () => {
  clock = new FakeClock('2026-03-01T10:00:00Z');
  database = await createTestDatabase(clock);
  receiver = await startHttpReceiver();
});
afterAll(async () => {
  await receiver.close();
  await database.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.statuses.length = 0;
});

describe('webhooks', () => {
  it('signs the raw JSON body with HMAC-SHA256 over the timestamp and body', async () => {
    const { sender, webhooks } = services();
    const hook = await webhooks.create({ name: 'Ops', url: receiver.url, secret: SECRET, minSeverity: 'info' });
    const queued = await webhooks.enqueue({ change: 'opened', incident: incident(), at: clock.now() }, ['webhook']);
    expect(queued.map((w) => w.id)).toEqual([hook.id]);
    await sender.idle();
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-chargewatch-event']).toBe('incident.opened');
    const signature = String(req.headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^t=1772359200,v1=[0-9a-f]{64}$/);
    const nowS = clock.nowMs() / 1000;
    expect(verifyWebhookSignature(SECRET, req.body, signature, nowS)).toBe(true);
    expect(verifyWebhookSignature('another-secret-value', req.body, signature, nowS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, req.body.replace('GroundFailure', 'Tampered'), signature, nowS)).toBe(false);
    expect(verifyWebhookSignature(SECRET, req.body, signature, nowS + 301), 'a replay after the tolerance').toBe(false);
    expect(JSON.parse(req.body)).toMatchObject({ type: 'incident.opened', change: 'opened', incident: { id: 41, severity: 'critical', stationId: 'CP-9' } });
    await webhooks.remove(hook.id);
  });

  it('retries non-2xx answers with exponential back-off on the clock and logs every attempt', async () => {
    const { sender, webhooks } = services();
    const hook = await webhooks.create({ name: 'Flaky', url: receiver.url, secret: SECRET });
    receiver.statuses.push(500, 503);
    await webhooks.enqueue({ change: 'opened', incident: incident(), at: clock.now() }, ['webhook']);
    await sender.idle();
    expect(receiver.requests).toHaveLength(1);
    clock.advance(backoffMs(1, settings) - 1);
    await sender.runDue();
    expect(receiver.requests, 'not due a millisecond early').toHaveLength(1);
    clock.advance(1);
    await sender.runDue();
    expect(receiver.requests).toHaveLength(2);
    clock.advance(backoffMs(2, settings) - 1_000);
    await sender.runDue();
    expect(receiver.requests, 'the second wait is twice the first').toHaveLength(2);
    clock.advance(1_000);
    await sender.runDue();
    expect(receiver.requests).toHaveLength(3);
    expect(backoffMs(1, settings)).toBe(30_000);
    expect(backoffMs(2, settings)).toBe(60_000);
    const log = await webhooks.attempts(hook.id, { limit: 10 });
    expect(log.map((a) => [a.attempt, a.statusCode, a.error, a.deliveryState])).toEqual([[3, 200, null, 'delivered'], [2, 503, 'HTTP 503', 'delivered'], [1, 500, 'HTTP 500', 'delivered']]);
    expect(log.every((a) => a.latencyMs >= 0 && a.event === 'incident.opened' && a.incidentId === 41 && a.maxAttempts === 4)).toBe(true);
    // Each attempt is signed again with its own time.
    expect(receiver.requests.map((r) => String(r.headers[SIGNATURE_HEADER]).split(',')[0])).toEqual(['t=1772359200', 't=1772359230', 't=1772359290']);
    await webhooks.remove(hook.id);
  });

  it('gives up after the last attempt, and a pending retry survives a restart', async () => {
    const first = services();
    const hook = await first.webhooks.create({ name: 'Down', url: receiver.url, secret: SECRET });
    receiver.statuses.push(500, 500, 500, 500);
    await first.webhooks.enqueue({ change: 'escalated', incident: incident(), at: clock.now() }, ['webhook']);
    await first.sender.idle();
    // The process restarts: a new sender finds the pending delivery in the table.
    const { sender, webhooks } = services();
    for (const wait of [30_000, 60_000, 120_000]) {
      clock.advance(wait);
      await sender.runDue();
    }
    clock.advance(3_600_000);
    await sender.runDue();
    expect(receiver.requests).toHaveLength(4);
    const log = await webhooks.attempts(hook.id, { limit: 10 });
    expect(log.map((a) => a.attempt)).toEqual([4, 3, 2, 1]);
    expect(log.every((a) => a.deliveryState === 'failed')).toBe(true);
    await webhooks.remove(hook.id);
  });

  it('logs refused connections and filters endpoints by severity, site and rule, and by the rule\'s channels', async () => {
    const { sender, webhooks } = services();
    const gone = await startHttpReceiver();
    await gone.close();
    const dead = await webhooks.create({ name: 'Nowhere', url: gone.url, secret: SECRET });
    const attempt = await webhooks.test(dead.id);
    expect(attempt).toMatchObject({ event: 'webhook.test', attempt: 1, statusCode: null, deliveryState: 'failed' });
    expect(attempt.error).toMatch(/ECONNREFUSED|connect/);
    await webhooks.update(dead.id, { enabled: false });
    const critical = await webhooks.create({ name: 'Critical at site', url: receiver.url, secret: SECRET, minSeverity: 'critical', siteIds: ['00000000-0000-4000-8000-00000000000a'], ruleKeys: null });
    const offline = await webhooks.create({ name: 'Offline only', url: receiver.url, secret: SECRET, minSeverity: 'info', ruleKeys: ['station_offline'] });
    const names = async (over: Partial<IncidentSummary>, allowed: Array<'webhook' | 'email'> = ['webhook']) =>
      (await webhooks.enqueue({ change: 'opened', incident: incident(over), at: clock.now() }, allowed)).map((w) => w.name);
    expect(await names({ siteId: '00000000-0000-4000-8000-00000000000a' })).toEqual(['Critical at site']);
    expect(await names({ siteId: '00000000-0000-4000-8000-00000000000a', severity: 'warning' })).toEqual([]);
    expect(await names({ ruleKey: 'station_offline', severity: 'info' })).toEqual(['Offline only']);
    expect(await names({ ruleKey: 'station_offline', siteId: '00000000-0000-4000-8000-00000000000a' })).toEqual(['Critical at site', 'Offline only']);
    expect(await names({ ruleKey: 'station_offline' }, ['email'])).toEqual([]);
    await sender.idle();
    for (const h of [dead, critical, offline]) await webhooks.remove(h.id);
  });

  it('refuses bad URLs and short secrets, and generates a secret when none is given', async () => {
    const { webhooks } = services();
    await expect(webhooks.create({ name: 'X', url: 'ftp://example.org/x' })).rejects.toThrow(/http/);
    await expect(webhooks.create({ name: 'X', url: 'not a url' })).rejects.toThrow(/URL/);
    await expect(webhooks.create({ name: 'X', url: receiver.url, secret: 'short' })).rejects.toThrow(/16/);
    const created = await webhooks.create({ name: 'Generated', url: receiver.url });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.secretHint).toBe(created.secret.slice(-4));
    expect((await webhooks.get(created.id))).not.toHaveProperty('secret');
    await webhooks.remove(created.id);
  });
});
