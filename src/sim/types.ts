import type { OcppVersion, Payload } from '../ocpp/index.js';
import type { SimLocalListOptions } from './local-list.js';

/** The logger the simulator writes to: pino-compatible, but any object with these methods will do. */
export interface SimLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A logger that drops everything, the default so a fleet of thousands stays quiet. */
export const quietLogger: SimLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** How one simulated station is built and behaves. */
export interface SimStationOptions {
  /** Station identity; also the last URL path segment and the basic-auth user name. */
  id: string;
  /** Base URL of the CSMS, e.g. ws://127.0.0.1:9000/ocpp; the id is appended. */
  url: string;
  version: OcppVersion;
  /** Number of connectors (1.6) or EVSEs with one connector each (2.0.1), 1 to 4. */
  connectors: number;
  kind: 'AC' | 'DC';
  /** Rated power of one connector, in W. DC stations share it across their charging connectors. */
  maxPowerW: number;
  /** HTTP basic-auth password (security profile 1/2); the user name is the id. */
  password?: string;
  /** TLS settings for wss:// URLs (security profiles 2 and 3). */
  tls?: SimTlsOptions;
  /** Meter sample interval in simulated seconds (MeterValueSampleInterval / TxUpdatedInterval). */
  meterIntervalS: number;
  vendor: string;
  model: string;
  firmwareVersion: string;
  serialNumber?: string;
  /** Tokens drivers of simulated EVs present (RFID cards). */
  idTokens: string[];
  /** When true, EVs arrive on their own (Poisson, a few per connector per simulated hour). */
  autoCharge: boolean;
  /** Probability per simulated hour per connector of a fault that recovers by itself. */
  faultRate: number;
  /** Reconnect with back-off when the socket drops. */
  reconnect: boolean;
  /** Simulated seconds per real second (default 1); speeds up tests. */
  timeScale?: number;
  /** Source address for the socket (to spread many sockets over several 127.0.0.x). */
  localAddress?: string;
  /** Real milliseconds to wait for a CALLRESULT before giving up (default 30 000). */
  callTimeoutMs?: number;
  /** Validate every outbound payload against the official schema and log what fails (debug aid). */
  validateOutbound?: boolean;
  /** EV arrivals per connector per simulated hour when autoCharge is on (default 2). */
  arrivalsPerHour?: number;
  /** Reconnect back-off bounds in real ms (default 1 000 to 60 000). */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** The station's local authorization list (supported and enabled by default). */
  localList?: SimLocalListOptions;
}

/** How a station connects over TLS. */
export interface SimTlsOptions {
  /** PEM bundle of the CAs trusted for the CSMS's server certificate (default: Node's built-in roots). */
  ca?: string;
  /** PEM client certificate (chain) and key for security profile 3, until SignCertificate gives the station its own. */
  cert?: string;
  key?: string;
  /** 1.6: the wss:// base URL used from security profile 2 on, as 1.6 has no command to change the URL (default: `url` as wss://). */
  url?: string;
}

/** Optional collaborators of a station; defaults are Math.random, Date.now and a quiet logger. */
export interface SimStationDeps {
  random?: () => number;
  logger?: SimLogger;
  now?: () => number;
}

/**
 * A connector's state in 1.6 words. 2.0.1 reports Preparing, Charging, SuspendedEV and Finishing as
 * Occupied and carries the finer state in TransactionEvent chargingState.
 */
export type ConnectorStatus =
  | 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Finishing' | 'Faulted' | 'Unavailable';

/** Why a transaction ended, as the union of both versions' reasons; each version maps it to its own words. */
export type StopReason =
  | 'EVDisconnected' | 'Local' | 'Remote' | 'DeAuthorized' | 'EmergencyStop' | 'HardReset' | 'SoftReset'
  | 'ImmediateReset' | 'PowerLoss' | 'Reboot' | 'UnlockCommand' | 'StoppedByEV' | 'SOCLimitReached'
  | 'GroundFault' | 'OvercurrentFault' | 'Other';

/** What `plugIn` may say about the arriving EV; anything left out is drawn at random. */
export interface PlugInOptions {
  /** Present this token after plugging in (otherwise wait for authorizeAndStart or a remote start). */
  idToken?: string;
  socStart?: number;
  capacityWh?: number;
  targetSoc?: number;
  maxPowerW?: number;
  /** Simulated seconds the driver leaves the car plugged in after charging ends (default 120). */
  departAfterS?: number;
}

/** A read-only view of one connector for tests, dashboards and the fleet summary. */
export interface ConnectorSnapshot {
  id: number;
  status: ConnectorStatus;
  errorCode: string;
  operative: boolean;
  transactionId?: string;
  powerW: number;
  energyRegisterWh: number;
  soc?: number;
  evPlugged: boolean;
}

/** Message counters of one station. */
export interface SimCounters {
  /** CALLs sent by the station. */
  sent: number;
  /** CALLRESULTs received for them. */
  acked: number;
  /** CALLERRORs and timeouts for them, plus invalid responses. */
  errors: number;
  /** CALLs received from the CSMS (commands). */
  commands: number;
  /** Times the socket opened. */
  connects: number;
}

/** The events a station emits, with their payloads. */
export interface SimStationEvents {
  message: { direction: 'in' | 'out'; text: string };
  command: { action: string; payload: Payload; response?: Payload; errorCode?: string };
  connected: Record<string, never>;
  disconnected: { code: number; reason: string };
  booted: { status: string };
  status: { connectorId: number; status: ConnectorStatus; errorCode: string };
  transactionStarted: { connectorId: number; transactionId: string; idToken: string };
  transactionStopped: { connectorId: number; transactionId: string; reason: StopReason; energyWh: number };
}
