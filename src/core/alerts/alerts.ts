/**
 * Health monitoring's shared vocabulary: rules, incidents, and the narrow interfaces the detection rules,
 * the remediation ladder and the notifications use to talk to the incident store.
 */

/** How bad a problem is; an incident escalates one step when it persists past its rule's escalation time. */
export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** An incident's lifecycle. */
export type IncidentState = 'open' | 'acknowledged' | 'resolved';

/** What an incident is about. One open incident per rule and subject. */
export type SubjectType = 'station' | 'connector' | 'session' | 'site' | 'token' | 'address';

/** The thing a problem is on; `key` identifies it uniquely within its type (see `subjectKey`). */
export interface Subject {
  type: SubjectType;
  stationId?: string;
  /** Connector subjects: the EVSE (2.0.1) or 0, and the connector id. */
  evseId?: number;
  connectorId?: number;
  sessionId?: number;
  siteId?: string;
  /** Token subjects: the id token text. */
  idToken?: string;
  /** Address subjects: the network address connections came from. */
  address?: string;
}

/** The unique key of a subject, e.g. `connector:CP-1:1:1`. */
export function subjectKey(s: Subject): string {
  switch (s.type) {
    case 'station': return `station:${s.stationId ?? ''}`;
    case 'connector': return `connector:${s.stationId ?? ''}:${s.evseId ?? 0}:${s.connectorId ?? 0}`;
    case 'session': return `session:${s.sessionId ?? 0}`;
    case 'site': return `site:${s.siteId ?? ''}`;
    case 'token': return `token:${(s.idToken ?? '').toLowerCase()}`;
    case 'address': return `address:${s.address ?? ''}`;
  }
}

/** Which family a rule belongs to (for the rules editor and subscriptions). */
export type RuleCategory = 'connectivity' | 'connector' | 'power' | 'session' | 'firmware' | 'security' | 'data';

/** One step of an automatic remediation ladder; steps run in order, each `afterS` after the incident opened. */
export interface RemediationStep {
  action: 'trigger_status' | 'soft_reset' | 'hard_reset' | 'ticket';
  afterS: number;
}

/** A rule's ladder: off unless `enabled`; never runs where a site switched remediation off. */
export interface RemediationLadder {
  enabled: boolean;
  steps: RemediationStep[];
}

/** The notification channels a rule's incidents may go to (users' subscriptions choose among them). */
export type Channel = 'in_app' | 'email' | 'webhook';
export const CHANNELS: readonly Channel[] = ['in_app', 'email', 'webhook'];

/** A rule as shipped: its key, meaning and defaults. The catalog is code; the settings are data. */
export interface RuleDefinition {
  key: string;
  name: string;
  category: RuleCategory;
  description: string;
  severity: Severity;
  /** Minutes an open incident may last before it escalates one severity step; null: never. */
  escalateAfterMin: number | null;
  /** Thresholds and options, e.g. `{ minutes: 10, powerW: 100 }`; numbers, booleans or strings only. */
  params: Record<string, number | boolean | string>;
  channels: Channel[];
  remediation: RemediationLadder;
}

/** A rule's effective settings for one site (network settings with the site's overrides applied). */
export interface RuleSettings {
  key: string;
  enabled: boolean;
  severity: Severity;
  escalateAfterMin: number | null;
  params: Record<string, number | boolean | string>;
  channels: Channel[];
  remediation: RemediationLadder;
  /** False when the site switched automatic remediation off (for every rule). */
  remediationAllowed: boolean;
}

/** Reads rules' effective settings; cached in memory and refreshed when an operator edits a rule. */
export interface RuleSettingsProvider {
  /** The settings of `key` at `siteId` (network settings when the station has no site). */
  settingsFor(key: string, siteId: string | null | undefined): RuleSettings;
}

/** A detected problem, raised by a rule. Raising again while open counts one more occurrence. */
export interface Detection {
  ruleKey: string;
  subject: Subject;
  /** When the problem was observed (the station's time or the clock's). */
  at: Date;
  /** One line an operator reads, e.g. "Connector 1 Faulted: GroundFailure (vendor E42)". */
  title: string;
  /** Facts for the timeline and technicians: error codes, measured values, thresholds. */
  details?: Record<string, unknown>;
  /** Overrides the rule's severity for this detection (e.g. critical security event types). */
  severity?: Severity;
}

/** Where detection rules report to. Implemented by the incident service; idempotent and ordered per subject. */
export interface IncidentSink {
  raise(detection: Detection): Promise<void>;
  /** The condition is gone: resolves the open incident of this rule and subject, if any, automatically. */
  clear(ruleKey: string, subject: Subject, at: Date, reason: string): Promise<void>;
}

/** What an incident looks like to other features (bus event data of `incident.*`, API view). */
export interface IncidentSummary {
  id: number;
  ruleKey: string;
  category: RuleCategory;
  subjectType: SubjectType;
  subjectKey: string;
  stationId: string | null;
  evseId: number | null;
  connectorId: number | null;
  sessionId: number | null;
  siteId: string | null;
  severity: Severity;
  state: IncidentState;
  title: string;
  details: Record<string, unknown>;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  /** The user id of the assignee. */
  assigneeId: string | null;
  ticketId: number | null;
  /** True when it resolved because the condition cleared (not by hand). */
  autoResolved: boolean;
  /** When it last moved one severity step up because it persisted. */
  escalatedAt: string | null;
}

/**
 * Kinds of timeline entries: opened, occurred (again), escalated, acknowledged, assigned, note, remediation
 * (an automatic or manual step with the station's answer), ticket, notified, resolved, reopened.
 */
export type TimelineKind = 'opened' | 'occurred' | 'escalated' | 'acknowledged' | 'assigned' | 'note' | 'remediation' | 'ticket' | 'notified' | 'resolved' | 'reopened';

/** One entry on an incident's timeline. */
export interface TimelineEntry {
  id: number;
  incidentId: number;
  at: string;
  kind: TimelineKind;
  /** Who: the operator's name (as the command log keeps it), or `system` for automatic changes. */
  actor: string;
  message: string;
  data: Record<string, unknown>;
}

/** Lets other features (remediation, tickets, notifications) write on an incident's timeline and read incidents. */
export interface IncidentTimeline {
  get(id: number): Promise<IncidentSummary>;
  record(incidentId: number, entry: { kind: TimelineKind; actor: string; message: string; data?: Record<string, unknown> }): Promise<void>;
  /** Links a maintenance ticket to the incident (and records it on the timeline). */
  linkTicket(incidentId: number, ticketId: number, actor: string): Promise<void>;
}

/**
 * Bus event types published (after commit, through the outbox) when incidents change; the data of each
 * is `{ incident: IncidentSummary, change: TimelineKind }`.
 */
export const INCIDENT_EVENTS = ['incident.opened', 'incident.updated', 'incident.resolved'] as const;
export type IncidentEventType = (typeof INCIDENT_EVENTS)[number];

/** A site's overrides of one rule; null (or a missing param) keeps the network setting. */
export interface AlertRuleSiteOverride {
  ruleKey: string;
  siteId: string;
  enabled: boolean | null;
  severity: Severity | null;
  params: Record<string, number | boolean | string>;
  updatedAt: string;
  updatedBy: string | null;
}

/** A rule as the rules editor shows it: what it is, its defaults, its network settings and its site overrides. */
export interface AlertRule {
  key: string;
  name: string;
  category: RuleCategory;
  description: string;
  /** The shipped defaults (for "reset" and to show what was changed). */
  defaults: Pick<RuleDefinition, 'severity' | 'escalateAfterMin' | 'params' | 'channels' | 'remediation'>;
  enabled: boolean;
  severity: Severity;
  escalateAfterMin: number | null;
  params: Record<string, number | boolean | string>;
  channels: Channel[];
  remediation: RemediationLadder;
  updatedAt: string | null;
  updatedBy: string | null;
  siteOverrides: AlertRuleSiteOverride[];
}

/** A change to a rule's network settings; absent fields stay, `params` replaces only the keys it names. */
export interface AlertRuleChange {
  enabled?: boolean;
  severity?: Severity;
  escalateAfterMin?: number | null;
  params?: Record<string, number | boolean | string>;
  channels?: Channel[];
  remediation?: RemediationLadder;
}

/** A site's overrides of a rule, replacing any it had; null or an absent param keeps the network setting. */
export interface AlertRuleSiteChange {
  enabled?: boolean | null;
  severity?: Severity | null;
  params?: Record<string, number | boolean | string>;
}

/** The remediation actions a ladder step may take, in the order a ladder usually climbs them. */
export const REMEDIATION_ACTIONS: readonly RemediationStep['action'][] = ['trigger_status', 'soft_reset', 'hard_reset', 'ticket'];
