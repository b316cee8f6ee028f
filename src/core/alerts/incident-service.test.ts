import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../bus/bus.js';
import { createIncidentKit, type IncidentKit } from '../../test-kit/incidents.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import type { Detection, IncidentSummary, Subject } from './alerts.js';

let kit: IncidentKit;
let n = 0;
/** A fresh station per test, so tests never share an incident. */
let station: Subject;

beforeAll(async () => {
  kit = await createIncidentKit();
});
afterAll(async () => kit.close());
beforeEach(() => {
  station = { type: 'station', stationId: `CP-${++n}` };
});

const detection = (over: Partial<Detection> = {}): Detection => ({ ruleKey: 'test.offline', subject: station, at: kit.core.clock.now(), title: 'Station offline', ...over });
const incidentEvents = (): DomainEvent[] => kit.core.events.filter((e) => e.type.startsWith('incident.') && (e.data as { incident: IncidentSummary }).incident.stationId === station.stationId);
const rows = () => kit.core.database.db.selectFrom('incidents').selectAll().where('station_id', '=', station.stationId!).orderBy('id').execute();
const timeline = async (id: number) => (await kit.incidents.detail(id)).timeline.map((t) => t.kind);

describe('IncidentService raise and clear', () => {
  it('opens an incident with the rule\'s severity, the station\'s site and an opened entry, and publishes incident.opened', async () => {
    kit.stationSites.set(station.stationId!, '00000000-0000-4000-8000-000000000001');
    await kit.incidents.raise(detection({ details: { reason: 'ping' } }));
    const [row] = await rows();
    expect(row).toMatchObject({ rule_key: 'test.offline', category: 'connectivity', subject_key: `station:${station.stationId}`, severity: 'warning', state: 'open', occurrences: 1, site_id: '00000000-0000-4000-8000-000000000001' });
    const events = incidentEvents();
    expect(events.map((e) => [e.type, (e.data as { change: string }).change])).toEqual([['incident.opened', 'opened']]);
    expect(events[0]!.stationId).toBe(station.stationId);
    expect((events[0]!.data as { incident: IncidentSummary }).incident).toMatchObject({ id: Number(row!.id), details: { reason: 'ping' }, state: 'open' });
    expect(await timeline(Number(row!.id))).toEqual(['opened']);
  });

  it('counts another occurrence on the open incident, replacing title and details, raising severity only upward', async () => {
    await kit.incidents.raise(detection());
    kit.core.clock.advance(60_000);
    await kit.incidents.raise(detection({ title: 'Still offline', details: { n: 2 }, severity: 'critical' }));
    await kit.incidents.raise(detection({ severity: 'info' }));
    const [row, ...more] = await rows();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ occurrences: 3, severity: 'critical', title: 'Station offline', details: { n: 2 } });
    expect(row!.last_seen_at.getTime()).toBe(kit.core.clock.nowMs());
    expect(row!.first_seen_at.getTime()).toBe(kit.core.clock.nowMs() - 60_000);
    expect(incidentEvents().map((e) => (e.data as { change: string }).change)).toEqual(['opened', 'occurred', 'occurred']);
    expect(await timeline(Number(row!.id))).toEqual(['opened', 'occurred', 'occurred']);
  });

  it('auto-resolves on clear with the reason, and a clear without an open incident changes nothing', async () => {
    await kit.incidents.clear('test.offline', station, kit.core.clock.now(), 'nothing open');
    expect(incidentEvents()).toEqual([]);
    await kit.incidents.raise(detection());
    await kit.incidents.clear('test.offline', station, kit.core.clock.now(), 'station connected again');
    const [row] = await rows();
    expect(row).toMatchObject({ state: 'resolved', resolved_by: 'system', resolution_note: 'station connected again', auto_resolved: true });
    expect(incidentEvents().map((e) => e.type)).toEqual(['incident.opened', 'incident.resolved']);
    const detail = await kit.incidents.detail(Number(row!.id));
    expect(detail.timeline.at(-1)).toMatchObject({ kind: 'resolved', actor: 'system', message: 'station connected again' });
  });

  it('opens a new incident when the problem comes back after it was resolved', async () => {
    await kit.incidents.raise(detection());
    await kit.incidents.clear('test.offline', station, kit.core.clock.now(), 'back');
    await kit.incidents.raise(detection());
    const [first, second] = await rows();
    expect(first).toMatchObject({ state: 'resolved', occurrences: 1 });
    expect(second).toMatchObject({ state: 'open', occurrences: 1 });
    expect((await kit.incidents.detail(Number(second!.id))).timeline[0]!.data).toMatchObject({ previousIncidentId: Number(first!.id) });
  });

  it('keeps a burst of detections and clears for one subject in call order: one incident per stretch', async () => {
    const burst = Array.from({ length: 25 }, (_, i) => kit.incidents.raise(detection({ details: { i } })));
    await Promise.all([...burst, kit.incidents.clear('test.offline', station, kit.core.clock.now(), 'cleared'), kit.incidents.raise(detection({ details: { i: 'after' } }))]);
    const [first, second, ...more] = await rows();
    expect(more).toEqual([]);
    expect(first).toMatchObject({ state: 'resolved', occurrences: 25, details: { i: 24 } });
    expect(second).toMatchObject({ state: 'open', occurrences: 1, details: { i: 'after' } });
  });

  it('refuses a rule outside the catalog and stores nothing', async () => {
    await expect(kit.incidents.raise(detection({ ruleKey: 'no.such.rule' }))).rejects.toThrow(/not in the rule catalog/);
    expect(await rows()).toEqual([]);
    expect(incidentEvents()).toEqual([]);
  });

  it('publishes events only after the change is committed', async () => {
    const seen: Array<Promise<number>> = [];
    const unsubscribe = kit.core.bus.subscribe((e) => {
      const id = (e.data as { incident: IncidentSummary }).incident.id;
      // Another connection sees the row at once: the event came after the commit.
      seen.push(kit.core.database.db.selectFrom('incidents').select('id').where('id', '=', String(id)).execute().then((r) => r.length));
    }, ['incident.']);
    await kit.incidents.raise(detection());
    unsubscribe();
    expect(await Promise.all(seen)).toEqual([1]);
  });
});

describe('IncidentService escalation', () => {
  it('moves an unacknowledged incident one step up per escalation period, recorded on the timeline', async () => {
    await kit.incidents.raise(detection({ ruleKey: 'test.power' }));
    const start = kit.core.clock.nowMs();
    const at = (min: number) => new Date(start + min * 60_000);
    await kit.incidents.escalate(at(4.9));
    expect((await rows())[0]!.severity).toBe('info');
    await kit.incidents.escalate(at(5));
    await kit.incidents.escalate(at(6));
    expect((await rows())[0]!.severity).toBe('warning');
    await kit.incidents.escalate(at(10));
    await kit.incidents.escalate(at(60));
    const [row] = await rows();
    expect(row!.severity).toBe('critical');
    const detail = await kit.incidents.detail(Number(row!.id));
    expect(detail.timeline.filter((t) => t.kind === 'escalated').map((t) => t.data)).toEqual([{ from: 'info', to: 'warning' }, { from: 'warning', to: 'critical' }]);
    expect(incidentEvents().filter((e) => (e.data as { change: string }).change === 'escalated')).toHaveLength(2);
  });

  it('does not escalate acknowledged incidents or rules without an escalation time', async () => {
    await kit.incidents.raise(detection({ ruleKey: 'test.power' }));
    await kit.incidents.raise(detection({ ruleKey: 'test.fault', subject: { type: 'connector', stationId: station.stationId, evseId: 1, connectorId: 1 }, severity: 'warning' }));
    const [power] = await rows();
    await kit.incidents.acknowledge(Number(power!.id), 'alice');
    await kit.incidents.escalate(new Date(kit.core.clock.nowMs() + 86_400_000));
    expect((await rows()).map((r) => [r.rule_key, r.severity])).toEqual([['test.power', 'info'], ['test.fault', 'warning']]);
  });
});

describe('IncidentService operator actions', () => {
  const open = async () => {
    await kit.incidents.raise(detection());
    return Number((await rows())[0]!.id);
  };

  it('acknowledges once, resolves with a note, and refuses to act on a resolved incident', async () => {
    const id = await open();
    expect(await kit.incidents.acknowledge(id, 'alice')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' });
    await kit.incidents.acknowledge(id, 'bob');
    expect((await kit.incidents.get(id)).acknowledgedBy).toBe('alice');
    await expect(kit.incidents.resolve(id, '   ', 'alice')).rejects.toThrow(ValidationError);
    expect(await kit.incidents.resolve(id, 'replaced the cable', 'alice')).toMatchObject({ state: 'resolved', resolvedBy: 'alice', resolutionNote: 'replaced the cable', autoResolved: false });
    await expect(kit.incidents.resolve(id, 'again', 'alice')).rejects.toThrow(ConflictError);
    await expect(kit.incidents.acknowledge(id, 'alice')).rejects.toThrow(ConflictError);
    expect(await timeline(id)).toEqual(['opened', 'acknowledged', 'resolved']);
    expect(incidentEvents().map((e) => (e.data as { change: string }).change)).toEqual(['opened', 'acknowledged', 'resolved']);
  });

  it('assigns to a technician, refuses viewers and unknown users, and unassigns', async () => {
    const id = await open();
    const tech = await kit.user(`tech-${n}`, 'technician');
    const viewer = await kit.user(`viewer-${n}`, 'viewer');
    expect((await kit.incidents.assign(id, tech, 'alice')).assigneeId).toBe(tech);
    await expect(kit.incidents.assign(id, viewer, 'alice')).rejects.toThrow(ValidationError);
    await expect(kit.incidents.assign(id, 'nobody', 'alice')).rejects.toThrow(ValidationError);
    expect((await kit.incidents.assign(id, null, 'alice')).assigneeId).toBeNull();
    expect(await timeline(id)).toEqual(['opened', 'assigned', 'assigned']);
  });

  it('adds notes, records other features\' entries and links a ticket, each with incident.updated', async () => {
    const id = await open();
    await kit.incidents.addNote(id, 'called the site', 'alice');
    await kit.incidents.record(id, { kind: 'remediation', actor: 'system', message: 'Soft reset: Accepted', data: { action: 'soft_reset' } });
    await kit.incidents.linkTicket(id, 42, 'alice');
    expect((await kit.incidents.get(id)).ticketId).toBe(42);
    const detail = await kit.incidents.detail(id);
    expect(detail.timeline.map((t) => [t.kind, t.actor, t.message])).toEqual([
      ['opened', 'system', 'Station offline'], ['note', 'alice', 'called the site'], ['remediation', 'system', 'Soft reset: Accepted'], ['ticket', 'alice', 'Ticket #42 created'],
    ]);
    expect(incidentEvents().map((e) => (e.data as { change: string }).change)).toEqual(['opened', 'note', 'remediation', 'ticket']);
  });

  it('answers NotFoundError for an unknown incident', async () => {
    await expect(kit.incidents.get(999_999)).rejects.toThrow(NotFoundError);
    await expect(kit.incidents.acknowledge(999_999, 'alice')).rejects.toThrow(NotFoundError);
    await expect(kit.incidents.record(999_999, { kind: 'note', actor: 'a', message: 'x' })).rejects.toThrow(NotFoundError);
  });
});
