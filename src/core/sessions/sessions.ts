import type { AccessDecision, AccessQuery, AccessStatus } from '../access/index.js';
import type { MeterSample } from './meter-samples.js';

/** Whether a charging session is running or over. */
export type SessionState = 'active' | 'completed';

/** The CSMS's verdict on an id token (the access decider's answer, version-neutral). */
export type AuthStatus = AccessStatus;

/** What authorizing an id token returned. */
export type AuthResult = AccessDecision;

/** The one authorization decision sessions ask (the access feature's AccessDecider). */
export interface TokenAuthorizer {
  decide(query: AccessQuery): Promise<AccessDecision>;
}

/** An id token as a station presents it (1.6 idTag has no type). */
export interface IdTokenInput {
  value: string;
  type?: string;
}

/** A charging session as the API presents it, whatever protocol the station speaks. */
export interface Session {
  id: number;
  stationId: string;
  /** The transaction id as the station knows it: 1.6 the integer we assigned, 2.0.1 the station's string. */
  transactionRef: string;
  protocol: string;
  evseId: number;
  connectorId: number;
  idToken: string | null;
  idTokenType: string | null;
  authStatus: string | null;
  state: SessionState;
  startedAt: string;
  stoppedAt: string | null;
  meterStartWh: number | null;
  meterStopWh: number | null;
  energyWh: number;
  powerW: number | null;
  soc: number | null;
  lastSampleAt: string | null;
  chargingState: string | null;
  stopReason: string | null;
  remoteStartId: number | null;
  /** Seconds from start to stop (or to the last sample while active). */
  durationS: number;
  offline: boolean;
  /** Why the session needs a look (e.g. unauthorized start, meter anomaly), or null. */
  anomaly: string | null;
}

/** Filters for listing sessions; newest first, paged by an opaque cursor. */
export interface SessionFilter {
  stationId?: string;
  /** Sessions of the stations that belong to this site now. */
  siteId?: string;
  state?: SessionState;
  /** Sessions started at or after this time. */
  from?: Date | string;
  /** Sessions started before this time. */
  to?: Date | string;
  idToken?: string;
  limit: number;
  cursor?: string;
}

/** One page of sessions; `nextCursor` is null on the last page. */
export interface SessionPage {
  items: Session[];
  nextCursor: string | null;
  /** Sessions matching the filters, counted up to 10,000. */
  total: number;
  totalIsEstimate: boolean;
}

/** One point of a downsampled series: the bucket's mean with its extremes and how many samples it holds. */
export interface SeriesPoint {
  at: string;
  value: number;
  min: number;
  max: number;
  count: number;
}

/** The samples of one measurand (and phase) over a session. */
export interface SampleSeries {
  measurand: string;
  phase: string | null;
  unit: string | null;
  points: SeriesPoint[];
}

/** Options for reading a session's samples. */
export interface SampleQuery {
  measurands?: string[];
  /** At most this many points per series (default 500). */
  maxPoints?: number;
  /** Every sample as stored (up to a safety cap) instead of buckets. */
  raw?: boolean;
}

/** 1.6 StartTransaction, version-neutral: the CSMS assigns the transaction id. */
export interface StartInput {
  stationId: string;
  evseId: number;
  connectorId: number;
  idToken: IdTokenInput;
  meterStartWh: number;
  timestamp: string;
  reservationId?: number;
}

/** The answer to a start: the transaction id to hand back and the token's verdict. */
export interface StartResult {
  sessionId: number;
  transactionRef: string;
  auth: AuthResult;
  duplicate: boolean;
}

/** 1.6 StopTransaction, version-neutral. */
export interface StopInput {
  stationId: string;
  transactionRef: string;
  meterStopWh: number;
  timestamp: string;
  reason?: string;
  idToken?: IdTokenInput;
  samples: MeterSample[];
  /** The request as received, kept when the transaction is unknown. */
  payload: Record<string, unknown>;
}

/** What became of a stop. */
export interface StopResult {
  outcome: 'stopped' | 'duplicate' | 'orphan';
  sessionId: number | null;
  auth?: AuthResult;
}

/** Meter values from a station, either protocol. */
export interface MeterValuesInput {
  stationId: string;
  evseId: number;
  connectorId: number;
  /** The transaction the station named, if any. */
  transactionRef?: string;
  samples: MeterSample[];
}

/** 2.0.1 TransactionEvent, in the CSMS's terms. */
export interface TransactionEventInput {
  stationId: string;
  eventType: 'Started' | 'Updated' | 'Ended';
  transactionRef: string;
  seqNo: number;
  timestamp: string;
  triggerReason?: string;
  evseId?: number;
  connectorId?: number;
  idToken?: IdTokenInput;
  chargingState?: string;
  stoppedReason?: string;
  remoteStartId?: number;
  offline?: boolean;
  samples: MeterSample[];
  payload: Record<string, unknown>;
}

/** What became of a transaction event. */
export interface TransactionEventResult {
  outcome: 'applied' | 'duplicate' | 'late';
  sessionId: number;
  auth?: AuthResult;
}
