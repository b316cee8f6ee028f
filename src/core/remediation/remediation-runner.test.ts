import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStationCommands } from '../../handlers/commands.js';
import { StartTransaction } from '../../handlers/v16/StartTransaction.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { silentLogger } from '../../test-kit/logger.js';
import { FakeStationLink } from '../../test-kit/station-link.js';
import { IncidentService, RuleSettingsService, type IncidentSummary, type RemediationStep, type RuleDefinition, type TimelineEntry } from '../alerts/index.js';
import { CommandService } from '../commands/index.js';
import { LiveView } from '../live/index.js';
import { TicketService } from '../maintenance/index.js';
import { StationUnavailableError } from '../shared/app-error.js';
import { SiteService } from '../sites/index.js';
import { MaintenanceWindows } from '../uptime/index.js';
import { stepsOf } from './remediation-repository.js';
import { RemediationRunner, RemediationService } from './index.js';

const LADDER: RemediationStep[] = [{ action: 'trigger_status', afterS: 60 }, { action: 'soft_reset', afterS: 180 }, { action: 'hard_reset', afterS: 600 }, { action: 'ticket', afterS: 900 }];
const RULE: RuleDefinition = {
  key: 'test_fault', name: 'Test fault', category: 'connector', description: 'a fault raised by the test', severity: 'warning', escalateAfterMin: null,
  params: {}, channels: ['in_app'], remediation: { enabled: true, steps: LADDER },
};
const STATIONS = ['RM-1', 'RM-2', 'RM-3', 'RM-4', 'RM-5', 'RM-6', 'RM-7', 'RM-8', 'RM-9', 'RM-10'];

let kit: CoreKit;
let live: LiveView;
let link: FakeStationLink;
let rules: RuleSettingsService;
let incidents: IncidentService;
let windows: MaintenanceWindows;
let remediation: RemediationService;
let runner: RemediationRunner;
let siteId: string;

function newRunner(): RemediationRunner {
  // The timer never fires during a test: each sweep is called after the fake clock moved.
  return new RemediationRunner({ db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger, incidents, rules, sweepIntervalMs: 3_600_000 }, remediation);
}

beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  const base = { db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger };
  live = new LiveView({ db: kit.database.db, bus: kit.bus, logger: silentLogger });
  await live.start();
  siteId = (await new SiteService(base).create({ name: 'Remediation site' })).id;
  for (const id of STATIONS) await kit.stations.create({ id, ...(id === 'RM-8' ? { siteId } : {}) });
  await waitUntil(() => live.station('RM-8')?.siteId === siteId, 5_000, 'site in the live view');
  link = new FakeStationLink(Object.fromEntries(STATIONS.map((id) => [id, '1.6' as const])));
  link.answer('TriggerMessage', { status: 'Accepted' }).answer('Reset', (p) => ({ status: p.type === 'Hard' ? 'Rejected' : 'Accepted' }));
  rules = new RuleSettingsService({ ...base, catalog: [RULE] });
  await rules.start();
  incidents = new IncidentService({ ...base, rules, siteOf: (id) => live.station(id)?.siteId ?? null });
  const commands = new CommandService({ ...base, commands: createStationCommands(link), sessions: kit.sessions, configuration: kit.stations, protocolOf: () => '1.6' });
  windows = new MaintenanceWindows(base);
  const tickets = new TicketService({ ...base, incidents });
  remediation = new RemediationService({ ...base, incidents, commands, live, maintenance: windows, tickets, settings: { maxResetsPerDay: 2 } });
  runner = newRunner();
  await runner.start();
});
afterAll(async () => {
  await runner.stop();
  live.stop();
  await kit.close();
});

/** Opens a fault incident on a station's connector 1 now and waits until the runner has seen it. */
async function openIncident(stationId: string): Promise<IncidentSummary> {
  await incidents.raise({ ruleKey: RULE.key, subject: { type: 'connector', stationId, evseId: 1, connectorId: 1 }, at: kit.clock.now(), title: `${stationId} connector 1 Faulted` });
  const event = kit.events.filter((e) => e.type === 'incident.opened' && e.stationId === stationId).at(-1);
  const incident = (event!.data as { incident: IncidentSummary }).incident;
  await runner.idle();
  return incident;
}

/** Moves the fake clock on and sweeps once. */
async function after(seconds: number): Promise<void> {
  kit.clock.advance(seconds * 1000);
  await runner.sweep();
}

const callsTo = (stationId: string) => link.calls.filter((c) => c.stationId === stationId).map((c) => (c.action === 'Reset' ? `Reset ${String(c.payload.type)}` : c.action));
const remediationEntries = async (id: number): Promise<TimelineEntry[]> => (await incidents.detail(id)).timeline.filter((t) => t.kind === 'remediation');

describe('the remediation ladder', () => {
  it('takes each step once at its time, records the answers, and ends with a ticket', async () => {
    const incident = await openIncident('RM-1');
    expect(runner.running()).toContain(incident.id);
    await after(59);
    expect(callsTo('RM-1')).toEqual([]);
    await after(1);
    expect(callsTo('RM-1')).toEqual(['TriggerMessage']);
    expect(link.calls.at(-1)!.payload).toEqual({ requestedMessage: 'StatusNotification', connectorId: 1 });
    await runner.sweep();
    await after(119);
    expect(callsTo('RM-1')).toEqual(['TriggerMessage']);
    await after(1);
    expect(callsTo('RM-1')).toEqual(['TriggerMessage', 'Reset Soft']);
    await after(420);
    await after(300);
    expect(callsTo('RM-1')).toEqual(['TriggerMessage', 'Reset Soft', 'Reset Hard']);
    const entries = await remediationEntries(incident.id);
    expect(entries.map((e) => [e.actor, e.data.action, e.data.outcome, e.data.answer])).toEqual([
      ['system:remediation', 'trigger_status', 'done', 'Accepted'], ['system:remediation', 'soft_reset', 'done', 'Accepted'], ['system:remediation', 'hard_reset', 'done', 'Rejected'],
      ['system:remediation', 'ticket', 'done', null],
    ]);
    expect(entries[2]!.message).toBe('Automatic: Hard reset: the station answered Rejected');
    const linked = await incidents.get(incident.id);
    expect(linked.ticketId).toBe(entries[3]!.data.ticketId);
    await after(3600);
    expect(runner.running()).not.toContain(incident.id);
    expect(callsTo('RM-1')).toHaveLength(3);
    const log = await kit.database.db.selectFrom('command_log').select(['command', 'sent_by', 'status']).where('station_id', '=', 'RM-1').orderBy('id').execute();
    expect(log).toEqual([
      { command: 'trigger', sent_by: 'system:remediation', status: 'Accepted' }, { command: 'reset', sent_by: 'system:remediation', status: 'Accepted' },
      { command: 'reset', sent_by: 'system:remediation', status: 'Rejected' },
    ]);
    await incidents.resolve(incident.id, 'fixed on site', 'Olga Operator');
    await runner.idle();
  });

  it('stops when the incident resolves', async () => {
    const incident = await openIncident('RM-2');
    await after(60);
    await incidents.clear(RULE.key, { type: 'connector', stationId: 'RM-2', evseId: 1, connectorId: 1 }, kit.clock.now(), 'back to Available');
    await runner.idle();
    await after(3600);
    expect(callsTo('RM-2')).toEqual(['TriggerMessage']);
    expect(runner.running()).not.toContain(incident.id);
  });

  it('stops when a person acknowledges the incident', async () => {
    const incident = await openIncident('RM-3');
    await incidents.acknowledge(incident.id, 'Olga Operator');
    await runner.idle();
    await after(3600);
    expect(callsTo('RM-3')).toEqual([]);
    expect(await remediationEntries(incident.id)).toEqual([]);
  });

  it('starts nothing for a rule whose ladder is off, and refuses steps on a resolved incident', async () => {
    await rules.update(RULE.key, { remediation: { enabled: false, steps: LADDER } }, 'Olga Operator');
    const incident = await openIncident('RM-9');
    expect(incident.state).toBe('open');
    await after(3600);
    expect(runner.running()).not.toContain(incident.id);
    expect(callsTo('RM-9')).toEqual([]);
    await rules.update(RULE.key, { remediation: { enabled: true, steps: LADDER } }, 'Olga Operator');
    await incidents.resolve(incident.id, 'fixed', 'Olga Operator');
    await expect(remediation.runByHand(incident.id, 'trigger_status', { name: 'Olga Operator', automatic: false, ticketActor: { id: 'u1', name: 'Olga Operator', role: 'operator' } })).rejects.toThrow(/resolved/);
  });

  it('continues after a restart without repeating or skipping a step', async () => {
    const incident = await openIncident('RM-4');
    await after(60);
    expect(callsTo('RM-4')).toEqual(['TriggerMessage']);
    await runner.stop();
    runner = newRunner();
    await runner.start();
    expect(runner.running()).toContain(incident.id);
    await runner.sweep();
    expect(callsTo('RM-4')).toEqual(['TriggerMessage']);
    await after(120);
    expect(callsTo('RM-4')).toEqual(['TriggerMessage', 'Reset Soft']);
    expect((await stepsOf(kit.database.db, incident.id)).map((s) => [s.stepIndex, s.action, s.outcome])).toEqual([[0, 'trigger_status', 'done'], [1, 'soft_reset', 'done']]);
    await incidents.resolve(incident.id, 'fixed', 'Olga Operator');
    await runner.idle();
  });

  it('follows an incident opened while no runner was listening, timed from its opening', async () => {
    await runner.stop();
    await incidents.raise({ ruleKey: RULE.key, subject: { type: 'connector', stationId: 'RM-10', evseId: 1, connectorId: 1 }, at: kit.clock.now(), title: 'RM-10 connector 1 Faulted' });
    const incident = (kit.events.filter((e) => e.type === 'incident.opened' && e.stationId === 'RM-10').at(-1)!.data as { incident: IncidentSummary }).incident;
    kit.clock.advance(30_000);
    runner = newRunner();
    await runner.start();
    await runner.idle();
    expect(runner.running()).toContain(incident.id);
    await after(29);
    expect(callsTo('RM-10')).toEqual([]);
    await after(1);
    expect(callsTo('RM-10')).toEqual(['TriggerMessage']);
    await incidents.resolve(incident.id, 'fixed', 'Olga Operator');
    await runner.idle();
  });
});

describe('remediation guards', () => {
  it('never resets a station with a running session', async () => {
    await kit.connect('RM-5');
    await kit.handle('1.6', 'StartTransaction', StartTransaction, 'RM-5', { connectorId: 2, idTag: 'GUARD-TAG', meterStart: 0, timestamp: kit.clock.now().toISOString() });
    await waitUntil(() => [...live.activeSessions()].some((s) => s.stationId === 'RM-5'), 5_000, 'session in the live view');
    const incident = await openIncident('RM-5');
    await after(180);
    await after(1);
    expect(callsTo('RM-5')).toEqual(['TriggerMessage']);
    const skipped = (await remediationEntries(incident.id))[1]!;
    expect(skipped.data).toMatchObject({ action: 'soft_reset', outcome: 'skipped', guard: 'active_session' });
    expect(skipped.message).toMatch(/^Automatic: Soft reset skipped: session \d+ is running on port 2$/);
    await incidents.resolve(incident.id, 'done', 'Olga Operator');
    await runner.idle();
  });

  it('allows at most N resets per station a day, unless an operator forces one by hand', async () => {
    // RM-1 had one soft and one hard reset today (the first test); the limit is 2.
    const incident = await openIncident('RM-1');
    await after(180);
    await after(1);
    expect(callsTo('RM-1')).toEqual(['TriggerMessage', 'Reset Soft', 'Reset Hard', 'TriggerMessage']);
    expect((await remediationEntries(incident.id))[1]!.data).toMatchObject({ action: 'soft_reset', outcome: 'skipped', guard: 'daily_limit' });
    const operator = { id: 'u1', name: 'Olga Operator', role: 'operator' as const };
    const byHand = await remediation.runByHand(incident.id, 'soft_reset', { name: 'Olga Operator', automatic: false, ticketActor: operator });
    expect(byHand).toMatchObject({ outcome: 'skipped', guard: 'daily_limit' });
    await expect(remediation.runByHand(incident.id, 'soft_reset', { name: 'Tom Tech', automatic: false, ticketActor: { ...operator, role: 'technician' }, force: true })).rejects.toThrow(/force/);
    const forced = await remediation.runByHand(incident.id, 'soft_reset', { name: 'Olga Operator', automatic: false, ticketActor: operator, force: true });
    expect(forced).toMatchObject({ outcome: 'done', answer: 'Accepted', guard: null });
    expect((await remediationEntries(incident.id)).at(-1)).toMatchObject({ actor: 'Olga Operator', message: 'By Olga Operator: Soft reset: the station answered Accepted', data: { forced: true } });
    // A day later the station's resets are allowed again.
    kit.clock.advance(86_400_000);
    expect(await remediation.runByHand(incident.id, 'hard_reset', { name: 'Olga Operator', automatic: false, ticketActor: operator })).toMatchObject({ outcome: 'done', answer: 'Rejected' });
    await incidents.resolve(incident.id, 'done', 'Olga Operator');
    await runner.idle();
  });

  it('does nothing automatic inside a maintenance window', async () => {
    await windows.create({ stationId: 'RM-6', reason: 'scheduled_maintenance', by: 'Olga Operator' });
    const incident = await openIncident('RM-6');
    await after(60);
    await after(120);
    expect(callsTo('RM-6')).toEqual([]);
    expect((await remediationEntries(incident.id)).map((e) => [e.data.action, e.data.guard])).toEqual([['trigger_status', 'maintenance_window'], ['soft_reset', 'maintenance_window']]);
    await incidents.resolve(incident.id, 'done', 'Olga Operator');
    await runner.idle();
  });

  it('takes no automatic step where the site switched remediation off, but a person still can', async () => {
    await rules.setSiteRemediation(siteId, false, 'Olga Operator');
    const incident = await openIncident('RM-8');
    expect(incident.siteId).toBe(siteId);
    await after(60);
    expect(callsTo('RM-8')).toEqual([]);
    expect((await remediationEntries(incident.id))[0]).toMatchObject({ message: 'Automatic: Status request skipped: automatic remediation is switched off for this site', data: { guard: 'site_disabled' } });
    const byHand = await remediation.runByHand(incident.id, 'trigger_status', { name: 'Olga Operator', automatic: false, ticketActor: { id: 'u1', name: 'Olga Operator', role: 'operator' } });
    expect(byHand).toMatchObject({ outcome: 'done', answer: 'Accepted' });
    await rules.setSiteRemediation(siteId, true, 'Olga Operator');
    await incidents.resolve(incident.id, 'done', 'Olga Operator');
    await runner.idle();
  });

  it("records a station's failure to answer: offline and timeout", async () => {
    const incident = await openIncident('RM-7');
    link.answer('TriggerMessage', new StationUnavailableError('RM-7', 'timeout'));
    await after(60);
    link.answer('TriggerMessage', { status: 'Accepted' });
    link.disconnect('RM-7');
    await after(120);
    expect((await remediationEntries(incident.id)).map((e) => [e.data.action, e.data.outcome, e.data.answer])).toEqual([['trigger_status', 'failed', 'timeout'], ['soft_reset', 'failed', 'offline']]);
  });
});
