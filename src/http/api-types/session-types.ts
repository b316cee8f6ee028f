// Sessions, reports, tariffs and cost, the fleet summary and the live event stream.

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
