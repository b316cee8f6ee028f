import type { Kysely, Updateable } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database, IncidentsTable } from '../../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { withEvents } from '../shared/with-events.js';
import { SEVERITIES, subjectKey, type Detection, type IncidentEventType, type IncidentSink, type IncidentSummary, type IncidentTimeline, type RuleDefinition, type RuleSettings, type Severity, type Subject, type TimelineEntry, type TimelineKind } from './alerts.js';
import {
  assignableUser, escalationCandidates, findIncident, insertIncident, insertTimeline, lastResolvedIncident, listTimeline, lockIncident, lockOpenIncident,
  toIncidentSummary, updateIncident, type IncidentRow,
} from './incident-repository.js';
import { KeyedQueue } from './keyed-queue.js';

/** The rules as the incident service needs them: a rule's definition (for its category) and its settings. */
export interface RuleLookup {
  definition(key: string): RuleDefinition | undefined;
  settingsFor(key: string, siteId: string | null | undefined): RuleSettings;
}

/** What the IncidentService is built from. */
export interface IncidentServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  rules: RuleLookup;
  /** The site a station belongs to now (an incident keeps the site it opened at). */
  siteOf(stationId: string): string | null;
}

/** An incident with its timeline, oldest entry first. */
export interface IncidentDetail {
  incident: IncidentSummary;
  timeline: TimelineEntry[];
}

type Change = { row: IncidentRow; type: IncidentEventType; change: TimelineKind };
const UNIQUE_VIOLATION = '23505';
const rank = (s: Severity): number => SEVERITIES.indexOf(s);
const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

/**
 * The incident store: rules raise and clear problems (IncidentSink), operators acknowledge, assign, annotate
 * and resolve them, other features write on their timelines (IncidentTimeline). One unresolved incident per
 * rule and subject; every change is committed with its `incident.*` event (published after the commit).
 */
export class IncidentService implements IncidentSink, IncidentTimeline {
  /** Detections, clears and escalations of one rule and subject run one at a time, in order. */
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: IncidentServiceDeps) {}

  /** Opens an incident for the detection, or counts one more occurrence of the unresolved one. */
  async raise(detection: Detection): Promise<void> {
    const key = subjectKey(detection.subject);
    await this.queue.run(`${detection.ruleKey}|${key}`, () => this.retryOnce(() => this.raiseNow(detection, key)));
  }

  /** Resolves the unresolved incident of the rule and subject, if any, noting why the condition cleared. */
  async clear(ruleKey: string, subject: Subject, at: Date, reason: string): Promise<void> {
    const key = subjectKey(subject);
    await this.queue.run(`${ruleKey}|${key}`, () => this.commit(async (trx) => {
      const open = await lockOpenIncident(trx, ruleKey, key);
      if (!open) return [];
      const row = await updateIncident(trx, open.id, { state: 'resolved', resolved_at: later(at, open.first_seen_at), resolved_by: 'system', resolution_note: reason, auto_resolved: true });
      await this.timeline(trx, row, 'resolved', 'system', reason, { automatic: true });
      return [{ row, type: 'incident.resolved', change: 'resolved' }];
    }));
  }

  /** One incident; NotFoundError if unknown. */
  async get(id: number): Promise<IncidentSummary> {
    const row = await findIncident(this.deps.db, id);
    if (!row) throw new NotFoundError('incident', id);
    return toIncidentSummary(row);
  }

  /** One incident with its timeline. */
  async detail(id: number): Promise<IncidentDetail> {
    return { incident: await this.get(id), timeline: await listTimeline(this.deps.db, id) };
  }

  /** An operator has seen it: it stops escalating. Acknowledging twice changes nothing; a resolved one is a conflict. */
  async acknowledge(id: number, actor: string): Promise<IncidentSummary> {
    return this.change(id, async (trx, row) => {
      if (row.state === 'resolved') throw new ConflictError(`incident ${id} is resolved`, { id });
      if (row.state === 'acknowledged') return undefined;
      const updated = await updateIncident(trx, row.id, { state: 'acknowledged', acknowledged_at: this.deps.clock.now(), acknowledged_by: actor });
      await this.timeline(trx, updated, 'acknowledged', actor, `Acknowledged by ${actor}`);
      return { row: updated, type: 'incident.updated', change: 'acknowledged' };
    });
  }

  /** Resolves it by hand with a note saying what was done. */
  async resolve(id: number, note: string, actor: string): Promise<IncidentSummary> {
    const text = note.trim();
    if (text.length === 0) throw new ValidationError('a resolution note is required');
    return this.change(id, async (trx, row) => {
      if (row.state === 'resolved') throw new ConflictError(`incident ${id} is already resolved`, { id });
      const updated = await updateIncident(trx, row.id, { state: 'resolved', resolved_at: this.deps.clock.now(), resolved_by: actor, resolution_note: text, auto_resolved: false });
      await this.timeline(trx, updated, 'resolved', actor, text, { automatic: false });
      return { row: updated, type: 'incident.resolved', change: 'resolved' };
    });
  }

  /** Assigns it to a user who works on the network (admin, operator, technician), or unassigns it with null. */
  async assign(id: number, userId: string | null, actor: string): Promise<IncidentSummary> {
    const user = userId === null ? null : await assignableUser(this.deps.db, userId);
    if (user === undefined) throw new ValidationError(`user ${userId ?? ''} cannot be assigned incidents (unknown, disabled, or not staff)`, { userId });
    return this.change(id, async (trx, row) => {
      if (row.state === 'resolved') throw new ConflictError(`incident ${id} is resolved`, { id });
      if (row.assignee_id === (user?.id ?? null)) return undefined;
      const updated = await updateIncident(trx, row.id, { assignee_id: user?.id ?? null });
      const message = user ? `Assigned to ${user.displayName ?? user.username}` : 'Unassigned';
      await this.timeline(trx, updated, 'assigned', actor, message, { assigneeId: user?.id ?? null });
      return { row: updated, type: 'incident.updated', change: 'assigned' };
    });
  }

  /** Adds an operator's note to the timeline. */
  async addNote(id: number, text: string, actor: string): Promise<IncidentSummary> {
    const note = text.trim();
    if (note.length === 0) throw new ValidationError('a note cannot be empty');
    await this.record(id, { kind: 'note', actor, message: note });
    return this.get(id);
  }

  /** Writes an entry on an incident's timeline (remediation steps, tickets, notifications); publishes incident.updated. */
  async record(incidentId: number, entry: { kind: TimelineKind; actor: string; message: string; data?: Record<string, unknown> }): Promise<void> {
    await this.change(incidentId, async (trx, row) => {
      await this.timeline(trx, row, entry.kind, entry.actor, entry.message, entry.data);
      return { row, type: 'incident.updated', change: entry.kind };
    });
  }

  /** Links a maintenance ticket to the incident and notes it on the timeline. */
  async linkTicket(incidentId: number, ticketId: number, actor: string): Promise<void> {
    await this.change(incidentId, async (trx, row) => {
      const updated = await updateIncident(trx, row.id, { ticket_id: ticketId });
      await this.timeline(trx, updated, 'ticket', actor, `Ticket #${ticketId} created`, { ticketId });
      return { row: updated, type: 'incident.updated', change: 'ticket' };
    });
  }

  /**
   * Moves every open (unacknowledged) incident that has lasted its rule's escalation time since it opened or
   * last escalated one severity step up. Returns how many escalated.
   */
  async escalate(now: Date): Promise<number> {
    let escalated = 0;
    for (const candidate of await escalationCandidates(this.deps.db)) {
      if (!this.deps.rules.definition(candidate.rule_key)) continue;
      const settings = this.deps.rules.settingsFor(candidate.rule_key, candidate.site_id);
      if (!settings.enabled || settings.escalateAfterMin === null) continue;
      const afterMs = settings.escalateAfterMin * 60_000;
      if (now.getTime() - (candidate.escalated_at ?? candidate.first_seen_at).getTime() < afterMs) continue;
      const done = await this.queue.run(`${candidate.rule_key}|${candidate.subject_key}`, () => this.commit(async (trx) => {
        const row = await lockIncident(trx, Number(candidate.id));
        // Re-read under the lock: it may have been acknowledged, resolved or escalated meanwhile.
        if (!row || row.state !== 'open' || row.severity === 'critical' || now.getTime() - (row.escalated_at ?? row.first_seen_at).getTime() < afterMs) return [];
        const severity = SEVERITIES[rank(row.severity) + 1]!;
        const updated = await updateIncident(trx, row.id, { severity, escalated_at: now });
        const minutes = Math.round((now.getTime() - row.first_seen_at.getTime()) / 60_000);
        await this.timeline(trx, updated, 'escalated', 'system', `Escalated from ${row.severity} to ${severity}: unacknowledged for ${minutes} min`, { from: row.severity, to: severity });
        return [{ row: updated, type: 'incident.updated', change: 'escalated' }];
      }));
      escalated += done.length;
    }
    return escalated;
  }

  /** Resolves when every detection, clear and escalation submitted so far is committed. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async raiseNow(d: Detection, key: string): Promise<Change[]> {
    const definition = this.deps.rules.definition(d.ruleKey);
    if (!definition) throw new Error(`rule ${d.ruleKey} is not in the rule catalog`);
    const s = d.subject;
    const siteId = s.siteId ?? (s.stationId !== undefined ? this.deps.siteOf(s.stationId) : null);
    return this.commit(async (trx) => {
      const open = await lockOpenIncident(trx, d.ruleKey, key);
      if (!open) {
        const severity = d.severity ?? this.deps.rules.settingsFor(d.ruleKey, siteId).severity;
        const previous = await lastResolvedIncident(trx, d.ruleKey, key);
        const row = await insertIncident(trx, {
          rule_key: d.ruleKey, category: definition.category, subject_type: s.type, subject_key: key,
          station_id: s.stationId ?? null, evse_id: s.evseId ?? null, connector_id: s.connectorId ?? null, session_id: s.sessionId ?? null, site_id: siteId,
          severity, state: 'open', title: d.title, details: JSON.stringify(d.details ?? {}), first_seen_at: d.at, last_seen_at: d.at,
          acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, resolution_note: null, assignee_id: null, escalated_at: null,
        });
        const data = { severity, details: d.details ?? {}, ...(previous ? { previousIncidentId: Number(previous.id) } : {}) };
        await this.timeline(trx, row, 'opened', 'system', d.title, data);
        return [{ row, type: 'incident.opened', change: 'opened' }];
      }
      const set: Updateable<IncidentsTable> = { occurrences: open.occurrences + 1, last_seen_at: later(d.at, open.last_seen_at), title: d.title };
      if (d.details !== undefined) set.details = JSON.stringify(d.details);
      if (d.severity !== undefined && rank(d.severity) > rank(open.severity)) set.severity = d.severity;
      const row = await updateIncident(trx, open.id, set);
      await this.timeline(trx, row, 'occurred', 'system', d.title, { occurrence: row.occurrences, details: d.details ?? {}, ...(set.severity ? { severity: set.severity } : {}) });
      return [{ row, type: 'incident.updated', change: 'occurred' }];
    });
  }

  /** Another node may have opened the same incident between our read and insert: the second try counts an occurrence. */
  private async retryOnce<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      return work();
    }
  }

  /** Locks one incident, applies `work` and commits it with its event; returns the incident as it is after. */
  private async change(id: number, work: (trx: Kysely<Database>, row: IncidentRow) => Promise<Change | undefined>): Promise<IncidentSummary> {
    let current: IncidentRow | undefined;
    await this.commit(async (trx) => {
      const row = await lockIncident(trx, id);
      if (!row) throw new NotFoundError('incident', id);
      const done = await work(trx, row);
      current = done?.row ?? row;
      return done ? [done] : [];
    });
    return toIncidentSummary(current!);
  }

  private commit(work: (trx: Kysely<Database>) => Promise<Change[]>): Promise<Change[]> {
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const changes = await work(trx);
      return { result: changes, events: changes.map((c) => this.event(c)) };
    });
  }

  private async timeline(trx: Kysely<Database>, row: IncidentRow, kind: TimelineKind, actor: string, message: string, data: Record<string, unknown> = {}): Promise<void> {
    await insertTimeline(trx, { incident_id: row.id, at: this.deps.clock.now(), kind, actor, message, data: JSON.stringify(data) });
  }

  private event(c: Change): DomainEvent {
    const incident = toIncidentSummary(c.row);
    return {
      type: c.type, at: this.deps.clock.now().toISOString(),
      ...(incident.stationId !== null ? { stationId: incident.stationId } : {}), ...(incident.sessionId !== null ? { sessionId: incident.sessionId } : {}),
      // siteId at the top level lets the live stream's site filter match incidents that have no station.
      data: { incident, change: c.change, siteId: incident.siteId },
    };
  }
}
