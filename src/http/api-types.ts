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
}

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
  securityProfile: number;
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
export interface UpdateStationRequest { name?: string | null; siteId?: string | null; password?: string | null; location?: { latitude?: number | null; longitude?: number | null; address?: string | null } }

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
/** A driver's id token (RFID card, app id, key code). GET /api/id-tokens?status=&search= pages them by token text. */
export interface IdTokenView {
  token: string;
  type: string;
  status: 'accepted' | 'blocked' | 'expired' | 'invalid';
  expiresAt: string | null;
  groupId: string | null;
  label: string | null;
  createdAt: string;
  updatedAt: string;
}
/** POST /api/id-tokens */
export interface IdTokenRequest { token: string; type?: string; status?: IdTokenView['status']; label?: string; groupId?: string; expiresAt?: string }
/** PATCH /api/id-tokens/:token (null clears label or expiry). */
export interface IdTokenUpdate { status?: IdTokenView['status']; label?: string | null; expiresAt?: string | null }

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
  stationCount: number;
  onlineCount: number;
  powerW: number;
  activeSessions: number;
}
export interface SiteRequest { name: string; address?: string | null; latitude?: number | null; longitude?: number | null; timezone?: string; openingHours?: Record<string, Array<[string, string]>> }

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
