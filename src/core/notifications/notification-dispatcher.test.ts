import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../bus/in-process-bus.js';
import { AccountsService } from '../accounts/index.js';
import { IncidentService, RuleSettingsService, type RuleDefinition, type Severity } from '../alerts/index.js';
import { FakeClock } from '../shared/clock.js';
import { sequentialIds } from '../shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { silentLogger } from '../../test-kit/logger.js';
import { startSmtpServer, type TestSmtpServer } from '../../test-kit/smtp.js';
import { startNotifications, type Notifications } from './notifications-runtime.js';
import { createMailer } from './smtp-mailer.js';

const rule = (key: string, channels: RuleDefinition['channels']): RuleDefinition => ({
  key, name: key, category: 'connectivity', description: key, severity: 'warning', escalateAfterMin: null, params: {}, channels, remediation: { enabled: false, steps: [] },
});

let clock: FakeClock;
let database: TestDatabase;
let smtp: TestSmtpServer;
let incidents: IncidentService;
let accounts: AccountsService;
let n: Notifications;
let station = 0;

/** Raises a new incident (on a fresh station) and waits until its notifications went out; returns its id. */
async function raise(ruleKey: string, severity: Severity, title: string): Promise<number> {
  const stationId = `CP-${++station}`;
  await incidents.raise({ ruleKey, subject: { type: 'station', stationId }, at: clock.now(), title, severity });
  await n.idle();
  const row = await database.db.selectFrom('incidents').select('id').where('station_id', '=', stationId).executeTakeFirstOrThrow();
  return Number(row.id);
}

async function user(username: string, settings?: Parameters<Notifications['notifications']['saveSettings']>[1]): Promise<string> {
  const { user } = await accounts.create({ username, role: 'operator', password: `${username}-password-1` }, null);
  if (settings) await n.notifications.saveSettings(user.id, settings);
  return user.id;
}

const mailTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

beforeAll(async () => {
  clock = new FakeClock('2026-05-04T10:05:00Z');
  database = await createTestDatabase(clock);
  smtp = await startSmtpServer();
  const bus = new InProcessBus(silentLogger);
  const base = { db: database.db, bus, clock, logger: silentLogger };
  const ruleSettings = new RuleSettingsService({ ...base, catalog: [rule('everywhere', ['in_app', 'email', 'webhook']), rule('in_app_only', ['in_app'])] });
  await ruleSettings.start();
  incidents = new IncidentService({ ...base, rules: ruleSettings, siteOf: () => null });
  accounts = new AccountsService({ db: database.db, clock, ids: sequentialIds('user'), logger: silentLogger });
  const mailer = createMailer({ host: '127.0.0.1', port: smtp.port, secure: false, user: undefined, password: undefined, from: 'Chargewatch <alerts@example.org>' }, silentLogger);
  n = startNotifications({
    ...base, ids: sequentialIds('n'), rules: ruleSettings, timeline: incidents, users: accounts, mailer,
    webhookSettings: { maxAttempts: 3, timeoutMs: 2_000, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000 },
  });
});
afterAll(async () => {
  await n.stop();
  await smtp.close();
  await database.close();
});

describe('e-mail and in-app notifications of incident changes', () => {
  it('e-mails immediate subscribers over SMTP, notifies default users in-app, and records both on the timeline', async () => {
    const alice = await user('alice', { email: 'alice@example.org', subscriptions: [{ channel: 'email', minSeverity: 'warning', siteIds: null, ruleKeys: null, digest: false, notifyResolved: true }] });
    const bob = await user('bob');
    await user('dora', { email: null, subscriptions: [] });
    const id = await raise('everywhere', 'warning', 'CP-1 is offline');
    const [mail, ...more] = mailTo('alice@example.org');
    expect(more).toHaveLength(0);
    expect(mail!.from).toBe('alerts@example.org');
    expect(mail!.to).toEqual(['alice@example.org']);
    expect(mail!.subject).toBe('[Chargewatch] WARNING opened: CP-1 is offline');
    expect(mail!.text).toContain(`Incident #${id} was opened.`);
    expect(mail!.text).toContain('Where:       station CP-1');
    expect(mail!.text).toContain(`/incidents/${id}`);
    expect((await n.notifications.list(bob, {})).items.map((i) => [i.incidentId, i.change, i.title])).toEqual([[id, 'opened', 'CP-1 is offline']]);
    expect((await n.notifications.list(alice, {})).items, 'alice subscribed to e-mail only').toEqual([]);
    const notified = (await incidents.detail(id)).timeline.filter((t) => t.kind === 'notified');
    expect(notified).toHaveLength(1);
    expect(notified[0]!.message).toBe('Notified (opened): in-app to bob; e-mail to alice@example.org');
    expect(notified[0]!.data).toMatchObject({ inApp: ['bob'], email: ['alice@example.org'] });

    await incidents.clear('everywhere', { type: 'station', stationId: 'CP-1' }, clock.now(), 'back online');
    await n.idle();
    expect(mailTo('alice@example.org').map((m) => m.subject)).toEqual(['[Chargewatch] WARNING opened: CP-1 is offline', '[Chargewatch] WARNING resolved: CP-1 is offline']);
    expect((await n.notifications.list(bob, {})).items, 'bob did not ask for resolutions').toHaveLength(1);
  });

  it('keeps to the channels the rule allows', async () => {
    const erin = await user('erin', { email: 'erin@example.org', subscriptions: [{ channel: 'email', minSeverity: 'info', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false }, { channel: 'in_app', minSeverity: 'info', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false }] });
    const id = await raise('in_app_only', 'critical', 'Tamper detected');
    expect(mailTo('erin@example.org')).toEqual([]);
    expect((await n.notifications.list(erin, {})).items.map((i) => i.incidentId)).toEqual([id]);
  });

  it('collects non-critical changes into one e-mail an hour; critical ones go at once', async () => {
    await user('carol', { email: 'carol@example.org', subscriptions: [{ channel: 'email', minSeverity: 'info', siteIds: null, ruleKeys: ['everywhere'], digest: true, notifyResolved: false }] });
    clock.set('2026-05-04T10:10:00Z');
    await raise('everywhere', 'warning', 'Power far below the limit');
    clock.set('2026-05-04T10:40:00Z');
    await raise('everywhere', 'info', 'SoC not rising');
    clock.set('2026-05-04T10:50:00Z');
    await raise('everywhere', 'critical', 'Ground failure');
    expect(mailTo('carol@example.org').map((m) => m.subject)).toEqual(['[Chargewatch] CRITICAL opened: Ground failure']);
    clock.set('2026-05-04T10:59:59Z');
    await n.digest!.runDue();
    expect(mailTo('carol@example.org')).toHaveLength(1);
    clock.set('2026-05-04T11:00:00Z');
    await n.digest!.runDue();
    const digests = mailTo('carol@example.org').slice(1);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('[Chargewatch] Digest: 2 incident updates (2026-05-04T10:00 UTC)');
    expect(digests[0]!.text).toMatch(/10:10 WARNING opened: Power far below the limit \(station CP-\d+\)/);
    expect(digests[0]!.text).toMatch(/10:40 INFO opened: SoC not rising/);
    expect(digests[0]!.text).not.toContain('Ground failure');

    clock.set('2026-05-04T11:10:00Z');
    await raise('everywhere', 'warning', 'Zombie session');
    await n.digest!.runDue();
    expect(mailTo('carol@example.org'), 'this hour\'s item waits for 12:00').toHaveLength(2);
    clock.set('2026-05-04T12:00:00Z');
    await n.digest!.runDue();
    const last = mailTo('carol@example.org')[2]!;
    expect(last.subject).toBe('[Chargewatch] Digest: 1 incident update (2026-05-04T11:00 UTC)');
    expect(last.text).toContain('Zombie session');
    await n.digest!.runDue();
    expect(mailTo('carol@example.org'), 'each item is sent once').toHaveLength(3);
  });

  it('without an SMTP host e-mail is off, and the log says so', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } }));
    expect(createMailer({ host: undefined, port: 587, secure: false, user: undefined, password: undefined, from: 'x@example.org' }, logger)).toBeUndefined();
    expect(lines.join('')).toContain('e-mail notifications are off: no SMTP host set (CW_SMTP_HOST)');
  });
});
