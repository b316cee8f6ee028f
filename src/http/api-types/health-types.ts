import type { AlertRuleSiteOverride, IncidentSummary, Severity, TimelineEntry } from '../../core/alerts/alerts.js';
import type { Role } from './common.js';

// Health: incidents, alert rules, maintenance tickets and remediation.

// ---- health: incidents and alert rules -------------------------------------------------------

export type {
  AlertRule, AlertRuleChange, AlertRuleSiteChange, AlertRuleSiteOverride, Channel, IncidentState, IncidentSummary, RemediationLadder, RemediationStep,
  RuleCategory, Severity, SubjectType, TimelineEntry, TimelineKind,
} from '../../core/alerts/alerts.js';

/** An incident as lists and its page show it: the summary with names to display. */
export interface IncidentView extends IncidentSummary {
  ruleName: string;
  stationName: string | null;
  assigneeName: string | null;
}

/** GET /api/incidents/:id: the incident and its timeline, oldest entry first. */
export interface IncidentDetailView {
  incident: IncidentView;
  timeline: TimelineEntry[];
}

/**
 * GET /api/incidents query. `state` and `severity` are comma-separated lists (state defaults to
 * `open,acknowledged`); `mine=true` keeps the caller's assigned incidents.
 */
export interface IncidentQuery {
  state?: string;
  severity?: string;
  siteId?: string;
  stationId?: string;
  ruleKey?: string;
  assigneeId?: string;
  mine?: boolean;
  cursor?: string;
  limit?: number;
}

/** GET /api/incident-counts: unresolved incidents by state and severity (the navigation badge). */
export interface IncidentCounts {
  open: Record<Severity, number>;
  acknowledged: Record<Severity, number>;
  /** Open (unacknowledged) incidents of every severity. */
  openTotal: number;
}

/** POST /api/incidents/:id/resolve body. */
export interface ResolveIncidentRequest { note: string }
/** POST /api/incidents/:id/assign body; null unassigns. */
export interface AssignIncidentRequest { userId: string | null }
/** POST /api/incidents/:id/notes body. */
export interface IncidentNoteRequest { text: string }

/** GET/PUT /api/alert-rules/:key/sites/:siteId answer. */
export type AlertRuleSiteOverrideView = AlertRuleSiteOverride;

/** PUT /api/sites/:id/remediation body and answer. */
export interface SiteRemediationRequest { enabled: boolean }
export interface SiteRemediationView { siteId: string; enabled: boolean }

/** GET /api/health/stations: a station with an unresolved incident or any in the last 30 days. */
export interface StationHealthItem {
  stationId: string;
  stationName: string | null;
  siteId: string | null;
  online: boolean | null;
  openIncidents: number;
  /** The worst severity among its unresolved incidents; null with none. */
  worstSeverity: Severity | null;
  /** When a problem was last seen on it. */
  lastFaultAt: string | null;
  /** Incidents seen in the last 30 days. */
  incidents30d: number;
  /** NEVI uptime % of its ports over the last 30 days (the uptime ledger's station roll-up); null when unknown. */
  uptime30d: number | null;
}

/** GET /api/health/stations query. */
export interface StationHealthQuery { siteId?: string; stationId?: string; cursor?: string; limit?: number }

/** GET /api/users/assignable: who may be assigned incidents and tickets. */
export interface AssignableUser { id: string; username: string; displayName: string | null; role: Role }

// ---- maintenance tickets and remediation ---------------------------------------------------------
export type TicketStatus = 'open' | 'in_progress' | 'resolved' | 'closed' | 'cancelled';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** A maintenance ticket: work for a technician on a station (or one connector), often from an incident. */
export interface TicketView {
  id: number;
  incidentId: number | null;
  stationId: string;
  connectorId: number | null;
  title: string;
  description: string;
  priority: TicketPriority;
  status: TicketStatus;
  assigneeId: string | null;
  /** The assignee's display name (or username). */
  assigneeName: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** One note on a ticket. */
export interface TicketNoteView { id: number; ticketId: number; authorId: string; authorName: string; text: string; createdAt: string }

/** GET /api/tickets/:id : the ticket with its notes, oldest first. */
export interface TicketDetail extends TicketView { notes: TicketNoteView[] }

/** GET /api/tickets query; `mine=true` is the caller's own queue (tickets assigned to them). */
export interface TicketQuery { status?: string; assigneeId?: string; stationId?: string; incidentId?: number; mine?: boolean; cursor?: string; limit?: number }

/** POST /api/tickets (by hand, for a station). */
export interface TicketRequest { stationId: string; connectorId?: number | null; title: string; description?: string; priority?: TicketPriority; assigneeId?: string | null }

/** POST /api/incidents/:id/ticket : fields left out are taken from the incident. */
export interface IncidentTicketRequest { title?: string; description?: string; priority?: TicketPriority; assigneeId?: string | null }

/** PATCH /api/tickets/:id : absent fields stay; `assigneeId: null` unassigns. */
export interface TicketUpdate { status?: TicketStatus; assigneeId?: string | null; priority?: TicketPriority; title?: string; description?: string }

/** What stopped a remediation step. */
export type RemediationGuard = 'active_session' | 'daily_limit' | 'maintenance_window' | 'site_disabled' | 'has_ticket' | 'no_station';

/** A step of the remediation ladder. */
export type RemediationAction = 'trigger_status' | 'soft_reset' | 'hard_reset' | 'ticket';

/** POST /api/incidents/:id/remediation ; `force` (admin, operator) overrides the daily reset limit. */
export interface RemediationRequest { action: RemediationAction; force?: boolean }

/**
 * The outcome of one remediation step: `done` with the station's answer (Accepted, Rejected, …) or the
 * ticket opened, `failed` (answer: offline, timeout or error: <code>), or `skipped` with the guard that stopped it.
 */
export interface RemediationResult {
  action: RemediationAction;
  outcome: 'done' | 'skipped' | 'failed';
  answer: string | null;
  guard: RemediationGuard | null;
  message: string;
  ticketId: number | null;
}
