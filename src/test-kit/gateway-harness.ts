import type { IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import type { Clock } from '../core/shared/clock.js';
import { systemClock } from '../core/shared/clock.js';
import { sequentialIds } from '../core/shared/ids.js';
import type { Logger } from '../core/shared/logger.js';
import { OcppValidator, type OcppVersion, type Payload } from '../ocpp/index.js';
import type {
  AdmissionDecision, AdmissionRequest, DisconnectInfo, FrameRecord, GatewayHooks, GatewayOptions, RequestContext, StationConnection,
} from '../gateway/types.js';
import { WsGateway } from '../gateway/ws-gateway.js';

/** Support for the gateway's tests: a gateway on an ephemeral port with recording stub hooks, and a scriptable station. */

/** One request the stub handler received. */
export interface HandledRequest {
  stationId: string;
  action: string;
  payload: Payload;
  messageId: string;
}

/** Stub hooks that record everything; each behaviour can be replaced by the test. */
export interface RecordingHooks extends GatewayHooks {
  admissions: AdmissionRequest[];
  connects: StationConnection[];
  disconnects: { connection: StationConnection; info: DisconnectInfo }[];
  handled: HandledRequest[];
  frames: FrameRecord[];
  /** The decision `admit` gives; admit everyone by default. */
  decide: (request: AdmissionRequest) => Promise<AdmissionDecision> | AdmissionDecision;
  /** The answer `handle` gives once it has recorded the request. */
  respond: (connection: StationConnection, action: string, payload: Payload, context: RequestContext) => Promise<Payload> | Payload;
  /** The actions `handles` reports as handled. */
  handledActions: Set<string>;
}

/** A schema-valid answer to the actions the stub handles by default, in either version. */
export function defaultAnswer(version: OcppVersion, action: string): Payload {
  const currentTime = '2026-01-01T00:00:00.000Z';
  switch (action) {
    case 'BootNotification': return { currentTime, interval: 300, status: 'Accepted' };
    case 'Heartbeat': return { currentTime };
    case 'DataTransfer': return { status: 'Accepted' };
    case 'Authorize': return version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    default: return {};
  }
}

/** Hooks that admit everyone, handle Heartbeat/BootNotification/StatusNotification/DataTransfer/Authorize, and record it all. */
export function recordingHooks(): RecordingHooks {
  const hooks: RecordingHooks = {
    admissions: [], connects: [], disconnects: [], handled: [], frames: [],
    handledActions: new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'DataTransfer', 'Authorize']),
    decide: () => ({ admit: true, securityProfile: 0 }),
    respond: (connection, action) => defaultAnswer(connection.version, action),
    async admit(request) {
      hooks.admissions.push(request);
      return hooks.decide(request);
    },
    handles: (_version, action) => hooks.handledActions.has(action),
    async handle(connection, action, payload, context) {
      hooks.handled.push({ stationId: connection.stationId, action, payload, messageId: context.messageId });
      return hooks.respond(connection, action, payload, context);
    },
    onConnect(connection) {
      hooks.connects.push(connection);
    },
    onDisconnect(connection, info) {
      hooks.disconnects.push({ connection, info });
    },
    onFrame(record) {
      hooks.frames.push(record);
    },
  };
  return hooks;
}

const validator = new OcppValidator();

/** A gateway listening on an ephemeral loopback port. */
export interface TestGateway {
  gateway: WsGateway;
  hooks: RecordingHooks;
  port: number;
  url(path: string): string;
  close(): Promise<void>;
}

/** Starts a gateway with recording hooks and short defaults suited to tests. */
export async function startTestGateway(options: Partial<GatewayOptions> = {}, logger: Logger, clock: Clock = systemClock): Promise<TestGateway> {
  const hooks = recordingHooks();
  const gateway = new WsGateway({
    hooks, validator, logger, clock, ids: sequentialIds('out'),
    options: { callTimeoutMs: 2000, pingIntervalMs: 60_000, maxFrameBytes: 64 * 1024, inboundQueueLimit: 50, closeGraceMs: 500, ...options },
  });
  const { port } = await gateway.listen(0, '127.0.0.1');
  return { gateway, hooks, port, url: (path) => `ws://127.0.0.1:${port}${path}`, close: () => gateway.close() };
}

/** The outcome of a connection attempt that the server may refuse at upgrade. */
export type ConnectOutcome =
  | { ok: true; station: TestStation }
  | { ok: false; status: number; headers: IncomingHttpHeaders };

/** How a test station connects: extra headers, pong behaviour, and for wss:// the CA it trusts and its client certificate. */
export interface StationConnectOptions {
  headers?: Record<string, string>;
  autoPong?: boolean;
  tls?: { ca?: string; cert?: string; key?: string };
  /** Source address, e.g. another loopback address (127.0.0.2) to stand for a different peer. */
  localAddress?: string;
}

/** A station under the test's control: sends raw frames and reads what the gateway sends back. */
export class TestStation {
  private readonly inbox: unknown[] = [];
  private readonly waiters: ((message: unknown) => void)[] = [];
  /** The close code and reason, once the socket has closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        message = data.toString('utf8');
      }
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.inbox.push(message);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Connects, resolving with the station or with the HTTP refusal; `tls` gives the wss:// trust anchor and a client certificate. */
  static attempt(url: string, protocols: string[], options: StationConnectOptions = {}): Promise<ConnectOutcome> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers: options.headers, autoPong: options.autoPong ?? true, perMessageDeflate: false, localAddress: options.localAddress, ...options.tls });
      ws.once('open', () => resolve({ ok: true, station: new TestStation(ws) }));
      ws.once('unexpected-response', (_req, res) => {
        resolve({ ok: false, status: res.statusCode ?? 0, headers: res.headers });
        res.resume();
        ws.terminate();
      });
      ws.once('error', (err) => reject(err));
    });
  }

  /** Connects and fails the test if refused. */
  static async connect(url: string, protocols: string[] = ['ocpp1.6'], options: StationConnectOptions = {}): Promise<TestStation> {
    const outcome = await TestStation.attempt(url, protocols, options);
    if (!outcome.ok) throw new Error(`connection refused with HTTP ${outcome.status}`);
    return outcome.station;
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  /** Sends a frame: strings as they are, anything else as JSON. */
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next message from the gateway; fails after `timeoutMs`. */
  next(timeoutMs = 2000): Promise<unknown> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(new Error('no message from the gateway in time'));
      }, timeoutMs);
      const waiter = (message: unknown): void => {
        clearTimeout(timer);
        resolve(message);
      };
      this.waiters.push(waiter);
    });
  }

  /** Sends one CALL and returns the gateway's answer to it. */
  async call(id: string, action: string, payload: unknown, timeoutMs?: number): Promise<unknown[]> {
    this.send([2, id, action, payload]);
    return (await this.next(timeoutMs)) as unknown[];
  }

  close(): Promise<{ code: number; reason: string }> {
    this.ws.close();
    return this.closed;
  }
}

/** Resolves when `predicate` holds, polling every few milliseconds; fails after `timeoutMs`. */
export async function eventually(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
