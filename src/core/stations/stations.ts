import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { BatchCommitter } from '../../db/batch-committer.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { StationLoginLimits } from './login-limiter.js';

/** Whether an operator lets a station in: pending stations wait for approval; rejected and disabled ones are refused. */
export type Admission = 'pending' | 'accepted' | 'rejected' | 'disabled';
/** The OCPP versions a station may speak. */
export type StationProtocol = '1.6' | '2.0.1';
/** What to do with a station identity not in the database. */
export type UnknownStationPolicy = 'reject' | 'pending' | 'accept';

/** A station as the API and CLI present it. */
export interface Station {
  id: string;
  name: string | null;
  admission: Admission;
  protocol: StationProtocol | null;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
  /** True when the station must authenticate with HTTP Basic (security profile 1 or 2). */
  hasPassword: boolean;
  /** The security profile of the latest connection (0 = none, 1 = Basic, 2 = TLS + Basic, 3 = client certificate). */
  securityProfile: number;
  /** The lowest security profile the station may connect with; weaker connections are refused. */
  requiredSecurityProfile: number;
  simulated: boolean;
  online: boolean;
  nodeId: string | null;
  lastSeenAt: string | null;
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastBootAt: string | null;
  availability: string;
  /** The status reported for the station as a whole (1.6 StatusNotification on connector 0). */
  stationStatus: string | null;
  siteId: string | null;
  location: StationLocation;
  createdAt: string;
  updatedAt: string;
}

/** Where a station stands (for maps; a site has its own address). */
export interface StationLocation {
  latitude: number | null;
  longitude: number | null;
  address: string | null;
}

/** An operator's change to a station; absent fields stay, null clears. */
export interface StationPatch {
  name?: string | null;
  siteId?: string | null;
  /** Sets (security profile 1/2) or, with null, removes the Basic-auth password. */
  password?: string | null;
  /** The lowest security profile the station may connect with (0-3); 1 and 2 need a password. */
  securityProfile?: number;
  location?: Partial<StationLocation>;
}

/** A station's history and last known configuration, for its detail page. */
export interface StationRecords {
  boots: Array<{ at: string; reason: string | null; firmwareVersion: string | null }>;
  connections: Array<{ connectedAt: string; disconnectedAt: string | null; closeReason: string | null }>;
  configuration: Array<{ key: string; value: string | null; readonly: boolean }>;
}

/** Filters of the raw OCPP message log of one station; newest first. */
export interface MessageLogQuery {
  action?: string;
  direction?: 'in' | 'out';
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
}

/** One logged frame. */
export interface LoggedMessage {
  at: string;
  direction: 'in' | 'out';
  messageType: number | null;
  messageId: string | null;
  action: string | null;
  frame: string;
}

/** One connector's current status (1.6 connector N is EVSE N / connector 1). */
export interface ConnectorView {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  statusAt: string | null;
}

/** A station with its connectors, for a detail view. */
export interface StationDetail extends Station {
  connectors: ConnectorView[];
}

/** Filters for listing stations. */
export interface StationFilter {
  admission?: Admission;
  online?: boolean;
  /** Case-insensitive substring of id, name, vendor or model. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** One page of stations and how many match in total. */
export interface StationPage {
  items: Station[];
  total: number;
}

/** What a station says about itself at boot, version-neutrally. */
export interface BootInfo {
  reason?: string;
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
}

/** The answer to a BootNotification. */
export interface BootResult {
  status: 'Accepted' | 'Pending' | 'Rejected';
  /** Heartbeat interval when accepted; otherwise the wait before the next BootNotification. */
  intervalS: number;
  currentTime: Date;
}

/** A connector (or, with evseId 0, the whole station) reporting its status. */
export interface StatusChange {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode?: string;
  info?: string;
  vendorId?: string;
  vendorErrorCode?: string;
  /** When the station says the status began. */
  timestamp: Date;
}

/** A 2.0.1 NotifyEvent eventData entry, kept as sent. */
export interface StationEventData {
  eventId: number;
  timestamp: string;
  trigger: string;
  actualValue: string;
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  eventNotificationType: string;
  cause?: number;
  techCode?: string;
  techInfo?: string;
  cleared?: boolean;
  transactionId?: string;
  variableMonitoringId?: number;
}

/** One variable attribute from a 2.0.1 NotifyReport. */
export interface ReportedVariable {
  component: string;
  componentInstance?: string;
  evseId?: number;
  connectorId?: number;
  variable: string;
  variableInstance?: string;
  attributeType?: string;
  value?: string;
  mutability?: string;
}

/** What the StationService needs; all supplied by server.ts. */
export interface StationServiceDeps {
  db: Kysely<Database>;
  committer: BatchCommitter;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** This server process, recorded on the stations it holds sockets for. */
  nodeId: string;
  settings: {
    unknownStations: UnknownStationPolicy;
    heartbeatIntervalS: number;
    /** Wait handed to Pending/Rejected stations before their next BootNotification; default 60 s. */
    bootRetryIntervalS?: number;
    /** Minimum time between two last_seen_at writes of one station; default 60 s. */
    seenWriteIntervalMs?: number;
    /** Back-off (ms per retry) for a disconnect whose write failed; tests shorten it. */
    disconnectRetryMs?: readonly number[];
    /** Failed-login lockout per address and per identity; defaults in DEFAULT_LOGIN_LIMITS. */
    loginLimits?: StationLoginLimits;
  };
}
