import type { OcppVersion, Payload } from '../ocpp/index.js';
import type { ClientCertificate } from './client-certificate.js';

export type { ClientCertificate } from './client-certificate.js';

/** What the gateway knows when a station asks to connect. */
export interface AdmissionRequest {
  stationId: string;
  version: OcppVersion;
  remoteAddress: string;
  /** Credentials from an HTTP Basic Authorization header (security profile 1/2), if sent. */
  basicAuth?: { username: string; password: string };
  /** True when the connection arrived over TLS (ours, or a trusted proxy's). */
  tls: boolean;
  /** The client certificate presented over TLS or passed on by a trusted proxy (security profile 3). */
  clientCertificate?: ClientCertificate;
}

/** The verdict on a connection attempt; refusals become an HTTP status at upgrade. */
export type AdmissionDecision =
  | { admit: true; securityProfile: number }
  | { admit: false; status: 401 | 403 | 404 | 429 | 503; reason: string; /** With 429: seconds until attempts are heard again. */ retryAfterS?: number };

/** Why a connection ended. */
export interface DisconnectInfo {
  code: number;
  reason: string;
  /** True when a newer socket for the same station identity replaced this one. */
  replaced: boolean;
}

/** Options for one outbound CALL. */
export interface CallOptions {
  /** Overrides the configured call timeout. */
  timeoutMs?: number;
}

/** One station's live socket, as the rest of the system may use it. */
export interface StationConnection {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly remoteAddress: string;
  readonly connectedAt: Date;
  readonly securityProfile: number;
  /** Epoch ms of the last frame or pong received. */
  readonly lastSeenMs: number;
  readonly isOpen: boolean;
  /**
   * Sends a CALL through this connection's outbound queue (one outstanding CALL at a time) and resolves
   * with the station's validated CALLRESULT payload. Rejects with `CallFailure`.
   */
  call(action: string, payload: Payload, options?: CallOptions): Promise<Payload>;
  close(code?: number, reason?: string): void;
}

/** How a CALL to a station failed. */
export class CallFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'closed' | 'callerror' | 'invalid-request' | 'invalid-response' | 'queue-full',
    message: string,
    readonly errorCode?: string,
    readonly details?: Payload,
  ) {
    super(message);
    this.name = 'CallFailure';
  }
}

/** Context of one inbound request. */
export interface RequestContext {
  messageId: string;
  receivedAtMs: number;
}

/** A frame crossing the gateway, for the message log. */
export interface FrameRecord {
  stationId: string;
  direction: 'in' | 'out';
  text: string;
  messageType?: number;
  messageId?: string;
  action?: string;
  atMs: number;
}

/** What the gateway asks of the rest of the system; supplied by server.ts. The gateway knows nothing of features. */
export interface GatewayHooks {
  admit(request: AdmissionRequest): Promise<AdmissionDecision>;
  /** Whether the CSMS handles this station-initiated action (else NotSupported / NotImplemented). */
  handles(version: OcppVersion, action: string): boolean;
  /** Handles one validated request; throw OcppError for a CALLERROR; its result is validated before sending. */
  handle(connection: StationConnection, action: string, payload: Payload, context: RequestContext): Promise<Payload>;
  onConnect(connection: StationConnection): Promise<void> | void;
  onDisconnect(connection: StationConnection, info: DisconnectInfo): Promise<void> | void;
  /** Called on every inbound frame and pong; implementations throttle their own writes. */
  onSeen?(connection: StationConnection): void;
  onFrame?(record: FrameRecord): void;
  /** Called after each `handle`: the action, how long the handler took (seconds) and whether it gave a result. */
  onHandled?(action: string, seconds: number, ok: boolean): void;
}

/** The WebSocket edge. */
export interface Gateway {
  listen(port: number, host: string): Promise<{ port: number; host: string }>;
  connection(stationId: string): StationConnection | undefined;
  readonly connectionCount: number;
  /** Closes every socket and stops listening. */
  close(): Promise<void>;
}

/** Tuning of the WebSocket edge; server.ts fills it from config. */
export interface GatewayOptions {
  /** Default time a station has to answer one of our CALLs. */
  callTimeoutMs: number;
  /** Ping period; a station silent for two periods is terminated (seen offline). */
  pingIntervalMs: number;
  /** Largest accepted frame; larger closes the socket with 1009. */
  maxFrameBytes: number;
  /** Frames waiting per station before the socket is closed with 1008. */
  inboundQueueLimit: number;
  /** Unsent bytes tolerated on a socket before a slow reader is closed (default 1 MiB). */
  maxBufferedBytes?: number;
  /** CALLs waiting per station behind the outstanding one (default 100). */
  outboundQueueLimit?: number;
  /** How long `close()` waits for closing handshakes before cutting sockets (default 2000 ms). */
  closeGraceMs?: number;
}
