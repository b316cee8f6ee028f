import type { Payload } from '../ocpp/index.js';
import type { Ev } from './ev-model.js';
import type { SimLocalList } from './local-list.js';
import type { SimSecurity } from './sim-security.js';
import type { Reading } from './meter-readings.js';
import type { SimSettings } from './sim-settings.js';
import type { CommandOutcome, StationLink } from './station-link.js';
import type { ConnectorStatus, SimStationOptions, StopReason } from './types.js';

/** Why the station (re)boots, in 2.0.1 words; 1.6 has no reason field. */
export type BootReason = 'PowerUp' | 'RemoteReset' | 'Triggered' | 'ScheduledReset';

/** A running or finished transaction on one connector. */
export interface SimTransaction {
  /** The id on the wire: a UUID (2.0.1) or the CSMS-assigned number as text (1.6; unknown until StartTransaction is answered). */
  id?: string;
  idToken: string;
  /** 2.0.1 IdTokenEnumType of the token. */
  idTokenType: string;
  trigger: 'Authorized' | 'RemoteStart';
  remoteStartId?: number;
  startedAt: number;
  meterStartWh: number;
  /** 2.0.1 TransactionEvent sequence number, next to use. */
  seqNo: number;
  nextMeterAt: number;
  /** 2.0.1 chargingState last reported. */
  reportedState?: string;
  ended: boolean;
  /** 1.6: the CSMS refused the StartTransaction, so messages about it are not sent. */
  startFailed?: boolean;
}

/** One connector (1.6) or EVSE with its single connector (2.0.1). */
export interface ConnectorSim {
  readonly id: number;
  status: ConnectorStatus;
  /** 1.6 ChargePointErrorCode; 'NoError' unless faulted. */
  errorCode: string;
  /** Wanted availability (ChangeAvailability); applied once a running session ends. */
  operative: boolean;
  /** A fault; `clearedByReset` ones (firmware hangs, a stuck contactor relay) end when the station reboots. */
  fault?: { recoverAt?: number; clearedByReset?: boolean };
  ev?: Ev;
  tx?: SimTransaction;
  /** The EV is still plugged in after its session ended (1.6 Finishing). */
  sessionDone: boolean;
  /** Lifetime energy register of this connector's meter, in Wh. */
  registerWh: number;
  powerW: number;
  lastAdvanceAt: number;
  nextArrivalAt: number;
  nextFaultAt: number;
  departAt?: number;
  authAt?: number;
  authToken?: string;
  wobble: number;
  /** 2.0.1 connectorStatus last reported (StatusNotification is sent only on change). */
  reported?: string;
}

/** What the version-specific protocol code may ask of its station. */
export interface StationControl {
  readonly options: Readonly<SimStationOptions>;
  readonly settings: SimSettings;
  readonly connectors: readonly ConnectorSim[];
  readonly link: StationLink;
  /** The local authorization list (SendLocalList, offline authorization). */
  readonly localList: SimLocalList;
  /** Password, security profile, network profiles and certificates. */
  readonly security: SimSecurity;
  timestamp(): string;
  uuid(): string;
  readings(c: ConnectorSim): Reading[];
  connector(id: number): ConnectorSim | undefined;
  /** 1.6: the CSMS gave the transaction its id. */
  transactionAccepted(c: ConnectorSim, tx: SimTransaction): void;
  /** The CSMS said the token of a running transaction is not valid. */
  transactionDeauthorized(c: ConnectorSim, tx: SimTransaction): void;
  /** Accepts a remote start: returns what to run once the answer is sent, or undefined to reject. */
  remoteStart(connectorId: number | undefined, idToken: string, idTokenType: string, remoteStartId?: number): (() => void) | undefined;
  /** Accepts a remote stop of a running transaction, or returns undefined when there is none. */
  remoteStop(transactionId: string): (() => void) | undefined;
  /** Releases the cable; stops a running transaction first when `stopTx`. */
  unlock(c: ConnectorSim, stopTx: boolean): void;
  /** Applies availability to one connector, or all with 0; Scheduled when a session must end first. */
  changeAvailability(connectorId: number, operative: boolean): 'Accepted' | 'Scheduled';
  /** Reboots now (stopping transactions with `reason`) or, with `onIdle`, once no transaction runs. */
  reset(reason: StopReason, onIdle: boolean): { status: 'Accepted' | 'Scheduled'; after: () => void };
  /** Sends a BootNotification now (TriggerMessage). */
  triggerBoot(): void;
  /** A setting changed: re-arm the timers that depend on it. */
  settingsChanged(): void;
  /** Drops the connection and connects again at once (a new security profile takes effect). */
  reconnect(): void;
}

/** The version-specific half of a station: what goes on the wire, and how commands are answered. */
export interface ProtocolAdapter {
  boot(reason: BootReason): Promise<{ status: string; intervalS: number }>;
  heartbeat(): void;
  /** Reports a connector's status if the version's view of it changed. */
  statusChanged(c: ConnectorSim): void;
  /** Reports every connector (after boot), whether changed or not. */
  allStatuses(): void;
  authorize(idToken: string): Promise<boolean>;
  txStarted(c: ConnectorSim, tx: SimTransaction): void;
  txMeter(c: ConnectorSim, tx: SimTransaction, trigger: 'MeterValuePeriodic' | 'Trigger'): void;
  txEnded(c: ConnectorSim, tx: SimTransaction, reason: StopReason): void;
  idleMeter(c: ConnectorSim): void;
  command(action: string, payload: Payload): CommandOutcome | Promise<CommandOutcome>;
}
