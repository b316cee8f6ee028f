/**
 * The HTTP API's request and response shapes: the contract between the server routes (src/http,
 * src/core/<feature>/routes.ts) and the web app (web/ imports these types only). Times are ISO strings,
 * power in W, energy in Wh unless a name says otherwise.
 */

export type Role = 'admin' | 'operator' | 'technician' | 'viewer' | 'driver';

/** Every error: `{ error: { code, message, details? } }` with a matching HTTP status. */
export interface ApiError {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** A page of a list; `nextCursor` is opaque, pass it back as `cursor` for the next page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Total matching rows (may be an estimate above 10,000: see `totalIsEstimate`). */
  total: number;
  totalIsEstimate?: boolean;
}

// ---- auth ----------------------------------------------------------------------------------
export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** True until the user replaces a generated one-time password (POST /api/auth/password). */
  mustChangePassword: boolean;
}
/** POST /api/auth/login body. */
export interface LoginRequest { username: string; password: string }
/** POST /api/auth/login and GET /api/auth/me. Send `csrfToken` as header `x-csrf-token` on every unsafe request made with the cookie. */
export interface SessionInfo { user: UserView; csrfToken: string }
export interface ApiTokenView { id: string; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; createdBy: string | null }
/** POST /api/api-tokens answer: the secret is shown once. */
export interface CreatedApiToken extends ApiTokenView { token: string }

// ---- stations ------------------------------------------------------------------------------
export type Admission = 'pending' | 'accepted' | 'rejected' | 'disabled';

export interface ConnectorLive {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorErrorCode: string | null;
  statusAt: string | null;
  /** The running session on this connector, if any. */
  sessionId: number | null;
  powerW: number | null;
  energyWh: number | null;
  soc: number | null;
  /** The maintenance window the connector's port (or its whole station) is in: out of service on purpose. */
  maintenance?: ConnectorMaintenance | null;
}

/** A port in maintenance mode. */
export interface ConnectorMaintenance { windowId: number; reason: string; endsAt: string | null }

export interface StationListItem {
  id: string;
  name: string | null;
  admission: Admission;
  protocol: '1.6' | '2.0.1' | null;
  vendor: string | null;
  model: string | null;
  firmwareVersion: string | null;
  siteId: string | null;
  siteName: string | null;
  simulated: boolean;
  online: boolean;
  lastSeenAt: string | null;
  /** Worst connector status first: Faulted > Unavailable > Charging > … ; null without connectors. */
  status: string | null;
  connectors: ConnectorLive[];
  powerW: number;
}

export interface StationDetail extends StationListItem {
  serialNumber: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
  hasPassword: boolean;
  /** Security profile of the latest connection (0 none, 1 Basic, 2 TLS + Basic, 3 client certificate). */
  securityProfile: number;
  /** The lowest security profile the station may connect with. */
  requiredSecurityProfile: number;
  location: { latitude: number | null; longitude: number | null; address: string | null };
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastBootAt: string | null;
  createdAt: string;
  boots: Array<{ at: string; reason: string | null; firmwareVersion: string | null }>;
  /** Recent connections, newest first (online history). */
  connections: Array<{ connectedAt: string; disconnectedAt: string | null; closeReason: string | null }>;
  /** Last known configuration (1.6 GetConfiguration results / 2.0.1 NotifyReport variables). */
  configuration: Array<{ key: string; value: string | null; readonly: boolean }>;
}

/** GET /api/stations query. */
export interface StationQuery {
  status?: string; online?: boolean; admission?: Admission; siteId?: string; model?: string; firmware?: string;
  protocol?: '1.6' | '2.0.1'; search?: string; sort?: 'id' | 'name' | 'lastSeenAt' | 'status'; order?: 'asc' | 'desc';
  cursor?: string; limit?: number;
}
/** POST /api/stations */
export interface CreateStationRequest { id: string; name?: string; siteId?: string; password?: string }
/** PATCH /api/stations/:id (password null removes it). */
export interface UpdateStationRequest { name?: string | null; siteId?: string | null; password?: string | null; /** Lowest security profile allowed (0-3). */ securityProfile?: number; location?: { latitude?: number | null; longitude?: number | null; address?: string | null } }

// ---- commands ------------------------------------------------------------------------------
/** POST /api/stations/:id/commands/:command — each waits for the station's real answer. */
export type CommandRequest =
  | { command: 'reset'; kind: 'soft' | 'hard' }
  | { command: 'remote-start'; evseId?: number; connectorId?: number; idToken: string }
  | { command: 'remote-stop'; sessionId: number }
  | { command: 'unlock'; evseId: number; connectorId: number }
  | { command: 'availability'; availability: 'operative' | 'inoperative'; evseId?: number; connectorId?: number }
  | { command: 'get-configuration'; keys?: string[] }
  | { command: 'change-configuration'; key: string; value: string }
  | { command: 'trigger'; message: string; evseId?: number; connectorId?: number }
  | { command: 'clear-cache' }
  | { command: 'data-transfer'; vendorId: string; messageId?: string; data?: string };
export type CommandName = CommandRequest['command'];
/** The answer: the station's status word and its raw CALLRESULT; failures are ApiErrors (504 offline/timeout, 502 CALLERROR). */
export interface CommandResult {
  id: string;
  status: string;
  raw: Record<string, unknown>;
  /** For get-configuration. */
  configuration?: Array<{ key: string; value: string | null; readonly: boolean }>;
  unknownKeys?: string[];
  durationMs: number;
}
export interface CommandLogEntry { id: string; stationId: string; command: string; request: Record<string, unknown>; status: string | null; error: string | null; sentBy: string; sentAt: string; durationMs: number | null }

// ---- id tokens -----------------------------------------------------------------------------
/** The id token types of OCPP 2.0.1 (1.6 idTags have no type; they are stored as ISO14443 or Central). */
export type IdTokenTypeName = 'Central' | 'eMAID' | 'ISO14443' | 'ISO15693' | 'KeyCode' | 'Local' | 'MacAddress' | 'NoAuthorization';
/**
 * A driver's id token (RFID card, app id, key code, eMAID, MAC address). GET /api/id-tokens pages them by token
 * text, filtered by status, type, group, driver and a search text. Limits are per token; null means none.
 */
export interface IdTokenView {
  token: string;
  type: string;
  status: 'accepted' | 'blocked' | 'expired' | 'invalid';
  expiresAt: string | null;
  /** The parent id tag (2.0.1 groupIdToken / 1.6 parentIdTag). */
  groupId: string | null;
  label: string | null;
  driverId: string | null;
  driverName: string | null;
  /** At most this many sessions at the same time. */
  maxConcurrentSessions: number | null;
  /** At most this much energy per calendar month, kWh. */
  monthlyEnergyKwh: number | null;
  /** At most this many sessions started per calendar month. */
  monthlySessions: number | null;
  /** False when the token is longer than a 1.6 idTag (20 characters): 1.6 stations cannot use it. */
  ocpp16: boolean;
  createdAt: string;
  updatedAt: string;
}
/** GET /api/id-tokens query. `driverId=none` lists tokens without a driver. */
export interface IdTokenQuery { status?: IdTokenView['status']; type?: string; group?: string; driverId?: string; search?: string; cursor?: string; limit?: number }
/** POST /api/id-tokens */
export interface IdTokenRequest {
  token: string; type?: string; status?: IdTokenView['status']; label?: string; groupId?: string; expiresAt?: string; driverId?: string;
  maxConcurrentSessions?: number; monthlyEnergyKwh?: number; monthlySessions?: number;
}
/** PATCH /api/id-tokens/:token (null clears a field). */
export interface IdTokenUpdate {
  status?: IdTokenView['status']; label?: string | null; expiresAt?: string | null; groupId?: string | null; driverId?: string | null;
  maxConcurrentSessions?: number | null; monthlyEnergyKwh?: number | null; monthlySessions?: number | null;
}
/** GET /api/id-tokens/:token/usage: this calendar month's use (in the server's or the given time zone). */
export interface IdTokenUsageView { token: string; from: string; to: string; sessions: number; energyWh: number; activeSessions: number }
/** A distinct group id tag with how many tokens carry it (GET /api/id-tokens/groups). */
export interface TokenGroupView { groupId: string; tokens: number }
/**
 * POST /api/id-tokens/import: a CSV (text/csv body, or JSON `{ csv }`) with a header row naming the columns
 * token,type,status,expires_at,group,label,driver_email (only `token` is required; order is free). Valid
 * rows are added or updated in one transaction; every other row is reported with its line number.
 */
export interface TokenImportRequest { csv: string }
export interface TokenImportRejection { line: number; token: string | null; reason: string }
export interface TokenImportReport { added: number; updated: number; rejected: TokenImportRejection[] }

// ---- drivers -------------------------------------------------------------------------------
/** A driver: an account with the `driver` role (`userId`) or just a name and contact. Owns id tokens. */
export interface DriverView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  userId: string | null;
  username: string | null;
  notes: string | null;
  tokenCount: number;
  createdAt: string;
  updatedAt: string;
}
/** GET /api/drivers?search= (name, e-mail or phone) */
export interface DriverQuery { search?: string; cursor?: string; limit?: number }
/** POST /api/drivers */
export interface DriverRequest { name: string; email?: string | null; phone?: string | null; userId?: string | null; notes?: string | null }
/** PATCH /api/drivers/:id (null clears). */
export interface DriverUpdate { name?: string; email?: string | null; phone?: string | null; userId?: string | null; notes?: string | null }

// ---- message log ---------------------------------------------------------------------------
export interface OcppMessageView { at: string; direction: 'in' | 'out'; messageType: number | null; messageId: string | null; action: string | null; frame: string }

// ---- sites ---------------------------------------------------------------------------------
export interface SiteView {
  id: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: string;
  /** e.g. { mon: [['07:00','22:00']], … }; empty = always open. */
  openingHours: Record<string, Array<[string, string]>>;
  /** The most power the site may draw, kW; null when not set. */
  maxPowerKw: number | null;
  stationCount: number;
  onlineCount: number;
  powerW: number;
  activeSessions: number;
}
export interface SiteRequest { name: string; address?: string | null; latitude?: number | null; longitude?: number | null; timezone?: string; openingHours?: Record<string, Array<[string, string]>>; maxPowerKw?: number | null }

// ---- sessions ------------------------------------------------------------------------------
export interface SessionView {
  id: number;
  stationId: string;
  siteId: string | null;
  evseId: number;
  connectorId: number;
  transactionRef: string;
  idToken: string | null;
  state: 'active' | 'completed';
  startedAt: string;
  stoppedAt: string | null;
  durationS: number;
  energyWh: number;
  powerW: number | null;
  soc: number | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  stopReason: string | null;
  lastSampleAt: string | null;
  /** Live progress of a running session (null when it is over or not followed by this server). */
  progress?: SessionProgressView | null;
  /** Cost so far (running) or final (stopped) under the tariff fixed at the start; null when no tariff applied. */
  cost?: SessionCost | null;
}
/**
 * Live progress of a running session (GET /api/sessions/:id, and `session.progress` events on the live
 * stream every few seconds). Times count from the session's readings, as the station timestamps them.
 */
export interface SessionProgressView {
  /** Time of the latest reading the figures are based on. */
  asOf: string;
  powerW: number | null;
  energyWh: number;
  /** Energy over the time spent charging. */
  averagePowerW: number | null;
  peakPowerW: number | null;
  elapsedS: number;
  /** Time the EV drew power. */
  chargingS: number;
  /** Plugged in but not charging. */
  idleS: number;
  soc: number | null;
  /** Target SoC the EV stated (2.0.1 NotifyEVChargingNeeds), or null. */
  targetSoc: number | null;
  /** Energy the EV asked for (2.0.1 NotifyEVChargingNeeds), or null. */
  energyRequestedWh: number | null;
  departureTime: string | null;
  eta: {
    /** When the battery is expected full (100 %); null when it cannot be told. */
    toFull?: string | null;
    /** When the EV's target SoC or requested energy is expected to be reached; present when the EV stated one. */
    toTarget?: string | null;
    method: 'soc-slope' | 'energy-requested' | 'unavailable';
    /** Why a time cannot be told (e.g. "no SoC reported"). */
    reason?: string;
    /** SoC expected at the departure time the EV stated. */
    socAtDeparture?: number | null;
  };
}
export interface SessionQuery { stationId?: string; siteId?: string; idToken?: string; state?: 'active' | 'completed'; from?: string; to?: string; cursor?: string; limit?: number }
/** GET /api/sessions/:id/samples?measurands=&maxPoints=&raw= : one series per measurand/phase. */
export interface SampleSeries {
  measurand: string;
  phase: string | null;
  unit: string;
  /** [time ms, value] (or [time, mean, min, max] when downsampled). */
  points: Array<[number, number] | [number, number, number, number]>;
  downsampled: boolean;
}

// ---- reports -------------------------------------------------------------------------------
/** One part of a session's price in a report: a tariff component (energy, charging_time, idle_time, session_fee, …) or `vat`; amounts in major units. */
export interface ReportCostLine { component: string; amount: number; quantity: number | null; unit: string | null }
/**
 * One row of the session report (GET /api/reports/sessions?format=json, and the CSV/XLSX exports' columns).
 * The id token is masked (only its last 4 characters); `user` is the token holder (the token's label).
 */
export interface SessionReportRow {
  sessionId: number;
  stationId: string;
  stationName: string | null;
  evseId: number;
  connectorId: number;
  siteId: string | null;
  siteName: string | null;
  /** The station's address, else its site's. */
  address: string | null;
  idTokenMasked: string | null;
  user: string | null;
  state: 'active' | 'completed';
  startedAt: string;
  stoppedAt: string | null;
  durationS: number;
  energyWh: number;
  /** Highest total active power sampled; null without power samples. */
  peakPowerW: number | null;
  /** Energy over duration. */
  averagePowerW: number | null;
  stopReason: string | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  /** Null when the session was not priced. */
  costTotal: number | null;
  currency: string | null;
  costBreakdown: ReportCostLine[] | null;
}
/** GET /api/reports/sessions query: `format` json (a page) | csv | xlsx (a streamed download of every match); times bound the start. */
export interface SessionReportQuery {
  format?: 'json' | 'csv' | 'xlsx';
  from?: string; to?: string; siteId?: string; stationId?: string; idToken?: string; user?: string; state?: 'active' | 'completed';
  /** CSV only: start with a UTF-8 byte order mark (default true, for spreadsheet programs). */
  bom?: boolean;
  cursor?: string; limit?: number;
}

// ---- tariffs and cost ---------------------------------------------------------------------------
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** A time-of-day / weekday variant: in [from, to) local time of the site (HH:MM, to ≤ 24:00) on `days` (empty = all), these prices replace the base ones. First match wins. */
export interface TariffPeriodView { days: Weekday[]; from: string; to: string; energyPerKwh?: number; chargingPerMinute?: number; idlePerMinute?: number }
/** Prices in major units (e.g. EUR) before VAT; min/max bound the net total. Idle = plugged in, not charging, after charging, beyond the grace minutes. */
export interface TariffComponentsView {
  energyPerKwh: number; chargingPerMinute: number; idlePerMinute: number; sessionFee: number; idleGraceMinutes: number;
  minPrice: number | null; maxPrice: number | null; periods: TariffPeriodView[];
}
/** GET /api/tariffs(?archived=true), /api/tariffs/:id — a tariff at its current version (PATCH adds a version). */
export interface TariffView { id: string; version: number; name: string; currency: string; vatPercent: number; components: TariffComponentsView; archived: boolean; createdAt: string; updatedAt: string }
/** POST /api/tariffs (PATCH: every field optional; components merge into the current ones). */
export interface TariffRequest { name: string; currency: string; vatPercent?: number; components?: Partial<TariffComponentsView> }
export type TariffScope = 'default' | 'site' | 'station' | 'token_group';
/** GET /api/tariff-assignments. The most specific applies: token_group > station > site > default (scopeId ''). */
export interface TariffAssignmentView { scope: TariffScope; scopeId: string; tariffId: string; tariffName: string }
/** PUT /api/tariff-assignments: sets one scope's tariff (null removes it); answers every assignment. */
export interface TariffAssignmentRequest { scope: TariffScope; scopeId?: string; tariffId: string | null }
export type CostComponent = 'energy' | 'charging_time' | 'idle_time' | 'session_fee' | 'minimum_price' | 'maximum_price';
/** One bill line: amount in major units; parts = quantity at each unit price (time-of-day). */
export interface CostLineView { component: CostComponent; quantity: number; unit: 'kWh' | 'min' | null; amount: number; parts: Array<{ quantity: number; unitPrice: number }> }
/** A session's cost: lines add up to `net`; VAT on the net; every amount rounded half-up to the currency's minor unit. */
export interface SessionCost {
  currency: string; net: number; vat: number; total: number; vatPercent: number; breakdown: CostLineView[];
  tariffId: string; tariffName: string; tariffVersion: number; final: boolean; computedAt: string;
}
/** GET /api/sessions/:id/cost */
export interface SessionCostAnswer { cost: SessionCost | null }

// ---- fleet ---------------------------------------------------------------------------------
/** GET /api/summary */
export interface FleetSummaryView {
  stations: number;
  online: number;
  offline: number;
  pending: number;
  onlinePercent: number;
  connectorsByStatus: Record<string, number>;
  chargingNow: number;
  activeSessions: number;
  powerW: number;
  energyTodayWh: number;
  /** Stations needing attention: offline, faulted connectors, pending approval. */
  attention: Array<{ stationId: string; reason: 'offline' | 'faulted' | 'pending' | 'unavailable'; since: string | null; detail: string | null }>;
}
/** GET /api/summary/power?hours=N : fleet power over time, one point per minute. */
export interface PowerHistory { points: Array<[number, number]> }

// ---- live events (GET /api/events, Server-Sent Events) ---------------------------------------
/**
 * Each SSE message has `event: <type>` and `data: <LiveEvent JSON>`; durable events carry `id:`
 * (resume with Last-Event-ID). Types: station.connected, station.disconnected, station.booted,
 * station.admission, station.status, connector.status, session.started, session.updated,
 * session.stopped, session.cost, meter.sample, … Query: stationId, siteId, types (comma-separated prefixes).
 */
export interface LiveEvent {
  id?: string;
  type: string;
  at: string;
  stationId?: string;
  sessionId?: number;
  data: Record<string, unknown>;
}

// ---- health: incidents and alert rules -------------------------------------------------------
import type { AlertRuleSiteOverride, IncidentSummary, Severity, TimelineEntry } from '../core/alerts/alerts.js';
export type {
  AlertRule, AlertRuleChange, AlertRuleSiteChange, AlertRuleSiteOverride, Channel, IncidentState, IncidentSummary, RemediationLadder, RemediationStep,
  RuleCategory, Severity, SubjectType, TimelineEntry, TimelineKind,
} from '../core/alerts/alerts.js';

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

// ---- notifications -------------------------------------------------------------------------
/** Which incident change a notification is about. */
export type NotificationChange = 'opened' | 'escalated' | 'resolved';

/** One in-app notification of the signed-in user (GET /api/notifications). */
export interface NotificationView {
  id: string;
  incidentId: number;
  change: NotificationChange;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  stationId: string | null;
  siteId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** GET /api/notifications/unread-count, and the data of the live `notification.read` event. */
export interface UnreadCount { count: number }

/** Data of the live `notification.created` event (sent only to its recipient's streams). */
export interface NotificationCreatedEvent { recipientId: string; notification: NotificationView; unread: number }

/** One subscription: which incidents reach the user on one channel. */
export interface SubscriptionView {
  channel: 'in_app' | 'email';
  minSeverity: 'info' | 'warning' | 'critical';
  /** null: every site. */
  siteIds: string[] | null;
  /** null: every rule. */
  ruleKeys: string[] | null;
  /** E-mail only: non-critical changes are collected into one e-mail an hour (critical ones go at once). */
  digest: boolean;
  /** Also notify when the incident is resolved (opened and escalated always notify). */
  notifyResolved: boolean;
}

/** GET/PUT /api/me/subscriptions. */
export interface NotificationSettingsView {
  /** Where this user's e-mails go; null: no e-mail. */
  email: string | null;
  subscriptions: SubscriptionView[];
  /** False when the server has no SMTP host set (e-mail subscriptions then send nothing). */
  emailAvailable: boolean;
}

/** PUT /api/me/subscriptions body. */
export interface NotificationSettingsRequest { email: string | null; subscriptions: SubscriptionView[] }

/** A webhook endpoint (admins). The secret is shown in full only in the answer that creates it. */
export interface WebhookView {
  id: string;
  name: string;
  url: string;
  /** The last 4 characters of the secret, for recognising it. */
  secretHint: string;
  minSeverity: 'info' | 'warning' | 'critical';
  siteIds: string[] | null;
  ruleKeys: string[] | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/webhooks answer: the endpoint with its whole secret. */
export interface CreatedWebhook extends WebhookView { secret: string }

/** POST /api/webhooks and PATCH /api/webhooks/:id body; without `secret` on create one is generated. */
export interface WebhookRequest {
  name: string;
  url: string;
  secret?: string;
  minSeverity?: 'info' | 'warning' | 'critical';
  siteIds?: string[] | null;
  ruleKeys?: string[] | null;
  enabled?: boolean;
}

/** One attempt to deliver one message to an endpoint (GET /api/webhooks/:id/deliveries, newest first). */
export interface WebhookAttemptView {
  id: string;
  deliveryId: string;
  event: string;
  incidentId: number | null;
  attempt: number;
  maxAttempts: number;
  at: string;
  /** The HTTP status; null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  /** The delivery's state now: pending (will retry), delivered or failed (out of attempts). */
  deliveryState: 'pending' | 'delivered' | 'failed';
}

// ---- uptime (23 CFR 680.116) ---------------------------------------------------------------
export type ExclusionReason = 'utility_outage' | 'vehicle_fault' | 'scheduled_maintenance' | 'vandalism' | 'natural_disaster';
/** Consecutive outage minutes of a port with one cause (offline, station_faulted, station_unavailable, faulted, unavailable, failed_start, under_power, maintenance). */
export interface UptimeOutageView { start: string; end: string; minutes: number; cause: string; excludedReason: ExclusionReason | null }
/** Minutes by class and the NEVI uptime µ (percent) computed from them; null without minutes. */
export interface UptimeFigures {
  minutes: number; upMinutes: number; downMinutes: number; tOutage: number; tExcluded: number; outsideHoursMinutes: number;
  excludedByReason: Partial<Record<ExclusionReason, number>>; uptime: number | null;
}
/** The period figures are for, and the formula as applied (scaled when the period is not a 365-day year). */
export interface UptimePeriodView { from: string; to: string; minutes: number; scaled: boolean; formula: string }
export interface PortUptimeView extends UptimeFigures { stationId: string; stationName: string | null; evseId: number; siteId: string | null; siteName: string | null; outageCount: number; outages: UptimeOutageView[] }
/** A station or a site: its ports' totals (uptime from total minutes) and the mean of its ports' uptimes. */
export interface StationUptimeView extends UptimeFigures { stationId: string; stationName: string | null; siteId: string | null; siteName: string | null; ports: number; meanUptime: number | null }
export interface SiteUptimeView extends UptimeFigures { siteId: string | null; siteName: string | null; stations: number; ports: number; meanUptime: number | null }
export interface UptimeList<T> { period: UptimePeriodView; items: T[] }
/** GET /api/uptime/ports|stations|sites query: a period (default: the 365 days up to now), a site or a station. */
export interface UptimeQuery { from?: string; to?: string; siteId?: string; stationId?: string }
/** One calendar month (site time zone) of a station, a site or the network; `uptime12m` over the 12 months ending with it. */
export interface UptimeMonthView extends UptimeFigures { month: string; partial: boolean; ports: number; meanUptime: number | null; uptime12m: number | null }
export interface QuarterlyMonthView { month: string; partial: boolean; uptime: number | null; uptime12m: number | null; tOutage: number; tExcluded: number; minutes: number }
export interface QuarterlyPortView { stationId: string; stationName: string | null; evseId: number; siteId: string | null; siteName: string | null; months: QuarterlyMonthView[]; outages: UptimeOutageView[] }
/** GET /api/uptime/report?quarter=2026-Q3 */
export interface QuarterlyReportView { quarter: string; months: string[]; formula: string; items: QuarterlyPortView[] }
export interface MaintenanceWindowView {
  id: number; stationId: string; evseId: number | null; startsAt: string; endsAt: string | null; reason: string; note: string | null;
  state: 'scheduled' | 'active' | 'ended'; createdBy: string; createdAt: string; endedBy: string | null;
}
/** POST /api/maintenance-windows: without startsAt (or with a past one) maintenance starts now; evseId absent = the whole station. */
export interface MaintenanceWindowRequest { stationId: string; evseId?: number | null; startsAt?: string; endsAt?: string | null; reason: string; note?: string | null }
export interface UptimeExclusionView {
  id: number; scope: 'port' | 'station' | 'site'; stationId: string | null; evseId: number | null; siteId: string | null; startsAt: string; endsAt: string;
  reason: ExclusionReason; note: string | null; evidence: string | null; createdBy: string; createdAt: string;
}
/** POST /api/uptime-exclusions: a site (siteId), a station (stationId) or a port (stationId + evseId). */
export interface UptimeExclusionRequest { siteId?: string | null; stationId?: string | null; evseId?: number | null; startsAt: string; endsAt: string; reason: ExclusionReason; note?: string | null; evidence?: string | null }

/** A station security event (SecurityEventNotification) with its severity per the OCPP security event list. */
export interface StationSecurityEventView {
  id: string; stationId: string; siteId: string | null; type: string; severity: 'critical' | 'warning' | 'info'; techInfo: string | null; at: string; recordedAt: string;
}
/** GET /api/security-events (and /api/stations/:id/security-events) filters; newest first, keyset paged. */
export interface SecurityEventQuery { stationId?: string; siteId?: string; severity?: 'critical' | 'warning' | 'info'; type?: string; from?: string; to?: string; cursor?: string; limit?: number }
/** An event from a camera, NVR or sensor system, with the site and stations its camera was mapped to when it arrived. */
export interface CameraEventView {
  id: string; sourceId: string; sourceName: string; cameraId: string; eventType: string; at: string; receivedAt: string;
  snapshotUrl: string | null; details: Record<string, unknown>; siteId: string | null; stationIds: string[];
}
/** GET /api/camera-events filters; newest first, keyset paged. */
export interface CameraEventQuery { sourceId?: string; cameraId?: string; siteId?: string; stationId?: string; eventType?: string; from?: string; to?: string; cursor?: string; limit?: number }
/** Where a camera looks: a site and/or stations (none: its events are kept against the source only). */
export interface CameraMapping { cameraId: string; siteId: string | null; stationIds: string[] }
/** A physical-security event source (never shows its secret after creation). */
export interface SecuritySourceView { id: string; name: string; disabled: boolean; createdAt: string; createdBy: string | null; cameras: CameraMapping[] }
/** POST /api/security-sources and PATCH /api/security-sources/:id (rotateSecret: a new secret, shown once). */
export interface SecuritySourceRequest { name?: string; disabled?: boolean; cameras?: CameraMapping[]; rotateSecret?: boolean }
/** A created source (or one whose secret was rotated): the only answer carrying the secret. */
export interface SecuritySourceWithSecret extends SecuritySourceView { secret: string }
/**
 * POST /api/integrations/security-events body, signed with the source's secret in `X-Chargewatch-Signature:
 * t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (as outbound webhooks are).
 */
export interface CameraEventRequest { source: string; cameraId: string; eventType: string; at: string; snapshotUrl?: string; details?: Record<string, unknown> }
export type SecurityTimelineKind = 'security_event' | 'camera_event' | 'connector_status' | 'login_failed' | 'authorization_refused';
/** One line of a station's security timeline. */
export interface SecurityTimelineEntry {
  kind: SecurityTimelineKind; id: string; at: string; title: string; severity: 'critical' | 'warning' | 'info';
  evseId: number | null; connectorId: number | null; detail: Record<string, unknown>;
}
/** GET /api/stations/:id/security-timeline: a period (default: the last 7 days), newest first, keyset paged. */
export interface SecurityTimelineQuery { from?: string; to?: string; cursor?: string; limit?: number }
/** One audit log line: who (actor id and name), when, from where, what (action, target, detail) and the result. */
export interface AuditRecordView {
  id: string; at: string; actor: string | null; actorName: string | null; ip: string | null; action: string; target: string | null;
  result: 'ok' | 'refused' | 'error'; detail: Record<string, unknown>;
}
/** GET /api/audit (and /api/audit/export.csv) filters; newest first, cursor = the last id seen. */
export interface AuditQueryParams {
  actor?: string; action?: string; target?: string; result?: 'ok' | 'refused' | 'error'; from?: string; to?: string; q?: string; cursor?: string; limit?: number;
}

// Local authorization lists (issue 6).
/** Where a station's local list stands: in step, waiting for an update, failed (retried), or not usable. */
export type LocalListState = 'in_sync' | 'pending' | 'failed' | 'not_supported' | 'disabled';
/** GET /api/stations/:id/local-list: our list version vs the station's, state, entries held, last sync and error. */
export interface LocalListView {
  stationId: string; state: LocalListState; ourVersion: number; stationVersion: number | null; entries: number;
  /** Allowed tokens left out because the station holds fewer. */
  dropped: number; maxEntries: number | null; perMessage: number | null; error: string | null; failures: number; fullNeeded: boolean;
  nextAttemptAt: string | null; lastAttemptAt: string | null; lastSyncAt: string | null; lastCheckAt: string | null;
}
/** POST /api/stations/:id/local-list/sync body. */
export interface LocalListSyncRequest { full?: boolean }
/** The answer to a sync: the station's last answer (or UpToDate / Disabled), how many SendLocalList messages went. */
export interface LocalListSyncResult {
  status: 'Accepted' | 'Failed' | 'VersionMismatch' | 'NotSupported' | 'Disabled' | 'UpToDate'; messages: number; full: boolean; view: LocalListView;
}
/** POST /api/stations/:id/local-list/check: the station's GetLocalListVersion answer next to ours. */
export interface LocalListCheckResult { stationVersion: number | null; ourVersion: number; inSync: boolean; view: LocalListView }

// ---- access rules and driver remote start ---------------------------------------------------
/** How a site or station is open to tokens: everyone, only listed, or everyone within weekly hours. */
export type AccessMode = 'public' | 'private' | 'schedule';
/**
 * PUT /api/sites/:id/access, PUT /api/stations/:id/access. `private`: only tokens of the listed groups
 * (parent id tags), drivers or tokens. `schedule`: everyone within the weekly local-time ranges of the site's
 * time zone; outside them the listed (`outside: 'listed'`) or nobody. `inherit` drops the place's own rule
 * (a station then follows its site, a site is public).
 */
export interface AccessRuleRequest {
  mode: AccessMode | 'inherit';
  groupIds?: string[]; driverIds?: string[]; tokens?: string[];
  schedule?: Record<string, Array<[string, string]>>;
  outside?: 'listed' | 'nobody';
}
/** The rule in force at a site or station and where it comes from (`default`: no rule, public). */
export interface AccessRuleView {
  mode: AccessMode; groupIds: string[]; driverIds: string[]; tokens: string[];
  schedule: Record<string, Array<[string, string]>>; outside: 'listed' | 'nobody';
  source: 'station' | 'site' | 'default'; updatedAt: string | null; updatedBy: string | null;
}
/** POST /api/me/remote-start (drivers): start charging with one of the caller's own tokens; answers CommandResult. */
export interface DriverRemoteStartRequest { stationId: string; evseId?: number; connectorId?: number; tokenId: string }

/** A station's CSR (SignCertificate) and what we did with it. */
export interface CertificateRequestView {
  id: string;
  certificateType: string;
  subject: string | null;
  status: 'rejected' | 'accepted' | 'signed' | 'failed';
  reason: string | null;
  requestedAt: string;
  signedAt: string | null;
}
/** A certificate whose content we know for a station (signed by our CA, or sent with InstallCertificate) and the station's answer. */
export interface KnownCertificateView {
  id: string;
  source: 'issued' | 'installed';
  certificateType: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  status: 'sent' | 'accepted' | 'rejected' | 'failed' | 'replaced' | 'removed';
  stationAnswer: string | null;
  createdAt: string;
}
/** A certificate the station reported installed (GetInstalledCertificateIds), with its expiry when we know the certificate. */
export interface InstalledCertificateView {
  id: string;
  certificateType: string;
  hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
  reportedAt: string;
  expiresAt: string | null;
  subject: string | null;
}
/** GET /api/stations/:id/certificates: inventory, known certificates with expiry, recent CSRs. */
export interface StationCertificatesView {
  installed: InstalledCertificateView[];
  known: KnownCertificateView[];
  requests: CertificateRequestView[];
  /** Certificates expiring within this many days raise the `certificate_expiring` incident. */
  expiringWithinDays: number;
}
/** POST /api/stations/:id/certificates: install a root certificate (PEM) on the station. */
export interface CertificateInstallRequest { certificateType: 'CSMSRootCertificate' | 'ManufacturerRootCertificate' | 'V2GRootCertificate' | 'MORootCertificate'; certificate: string }
/** POST /api/stations/:id/security-profile: move the station to another security profile. */
export interface SecurityProfileRequest { profile: 1 | 2 | 3; password?: string; url?: string }
/** One step of a profile move with the station's answer. */
export interface ProfileMoveStep { step: string; request: string; ok: boolean; answer: string | null; detail?: string }
/** The steps of a profile move, in order; on failure the failed step is the last one. */
export interface ProfileMoveResult { ok: boolean; profile: 1 | 2 | 3; steps: ProfileMoveStep[] }
