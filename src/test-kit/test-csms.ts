import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  CALL, CALLERROR, CALLRESULT, OcppValidator, SUBPROTOCOLS, encodeCall, encodeCallError, encodeCallResult, parseFrame,
  type OcppVersion, type Payload,
} from '../ocpp/index.js';
import type { SimStationOptions } from '../sim/types.js';

/** One CALL a station sent, as the test CSMS received it. */
export interface ReceivedCall {
  stationId: string;
  action: string;
  payload: Payload;
}

/** The outcome of a CALL the test CSMS sent to a station. */
export type CsmsCallOutcome = { result: Payload } | { error: { code: string; description: string } };

/**
 * A tiny CSMS for simulator tests: answers what stations send (Boot, Authorize, transactions, meter
 * values, status, heartbeat), lets a test send commands, drop sockets and refuse reconnects, and checks
 * every frame a station sends against the official schemas (`invalid` collects what fails).
 */
export class TestCsms {
  readonly received: ReceivedCall[] = [];
  readonly invalid: string[] = [];
  bootStatus: 'Accepted' | 'Pending' | 'Rejected' = 'Accepted';
  heartbeatInterval = 300;
  /** Refuse WebSocket upgrades (stations stay offline). */
  refuse = false;
  authorize: (token: string) => 'Accepted' | 'Invalid' | 'Blocked' = () => 'Accepted';
  private readonly validator = new OcppValidator();
  private readonly sockets = new Map<string, { ws: WebSocket; version: OcppVersion }>();
  private readonly waiting = new Map<string, { action: string; version: OcppVersion; resolve(o: CsmsCallOutcome): void }>();
  private server: WebSocketServer | undefined;
  private nextTx = 1;
  private nextId = 1;

  /** Starts listening on a free loopback port; returns the base URL for stations. */
  async start(): Promise<string> {
    const server = new WebSocketServer({
      host: '127.0.0.1', port: 0,
      handleProtocols: (protocols) => [...protocols].find((p) => p in SUBPROTOCOLS) ?? false,
      verifyClient: () => !this.refuse,
    });
    this.server = server;
    await new Promise<void>((resolve) => server.once('listening', resolve));
    server.on('connection', (ws, req) => {
      const stationId = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
      const version = SUBPROTOCOLS[ws.protocol];
      this.sockets.set(stationId, { ws, version });
      ws.on('message', (data: Buffer) => this.onFrame(stationId, version, ws, data.toString()));
      ws.on('close', () => {
        if (this.sockets.get(stationId)?.ws === ws) this.sockets.delete(stationId);
      });
    });
    return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp`;
  }

  /** Stations currently connected. */
  get connectedCount(): number {
    return this.sockets.size;
  }

  /** The payloads a station sent for one action (or every call when no action is given), in order. */
  calls(stationId: string, action?: string): ReceivedCall[] {
    return this.received.filter((r) => r.stationId === stationId && (action === undefined || r.action === action));
  }

  /** Sends a command to a connected station and waits for its answer. */
  call(stationId: string, action: string, payload: Payload): Promise<CsmsCallOutcome> {
    const socket = this.sockets.get(stationId);
    if (!socket) return Promise.reject(new Error(`${stationId} is not connected`));
    const id = `csms-${this.nextId++}`;
    return new Promise((resolve) => {
      this.waiting.set(id, { action, version: socket.version, resolve });
      socket.ws.send(encodeCall(id, action, payload));
    });
  }

  /** Cuts a station's socket without a closing handshake, as a network failure would. */
  drop(stationId: string): void {
    this.sockets.get(stationId)?.ws.terminate();
  }

  /** Polls until `probe` returns something truthy, or fails after timeoutMs. */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const { ws } of this.sockets.values()) ws.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private onFrame(stationId: string, version: OcppVersion, ws: WebSocket, text: string): void {
    const parsed = parseFrame(text);
    if (parsed.kind !== 'frame') {
      this.invalid.push(`${stationId}: unreadable frame ${text.slice(0, 200)}`);
      return;
    }
    const frame = parsed.frame;
    if (frame.type === CALL) {
      const check = this.validator.validate(version, frame.action, 'request', frame.payload);
      if (!check.ok) this.invalid.push(`${stationId}: ${frame.action} request: ${check.error.message}`);
      this.received.push({ stationId, action: frame.action, payload: frame.payload });
      const response = this.answer(version, frame.action, frame.payload);
      ws.send(response ? encodeCallResult(frame.id, response) : encodeCallError(frame.id, 'NotImplemented', frame.action));
      return;
    }
    const waiter = this.waiting.get(frame.id);
    if (!waiter) return;
    this.waiting.delete(frame.id);
    if (frame.type === CALLRESULT) {
      const check = this.validator.validate(waiter.version, waiter.action, 'response', frame.payload);
      if (!check.ok) this.invalid.push(`${stationId}: ${waiter.action} response: ${check.error.message}`);
      waiter.resolve({ result: frame.payload });
    } else if (frame.type === CALLERROR) {
      waiter.resolve({ error: { code: frame.code, description: frame.description } });
    }
  }

  private answer(version: OcppVersion, action: string, payload: Payload): Payload | undefined {
    const currentTime = new Date().toISOString();
    switch (action) {
      case 'BootNotification':
        return { status: this.bootStatus, currentTime, interval: this.heartbeatInterval };
      case 'Heartbeat':
        return { currentTime };
      case 'StatusNotification':
      case 'MeterValues':
      case 'FirmwareStatusNotification':
      case 'DiagnosticsStatusNotification':
      case 'LogStatusNotification':
        return {};
      case 'Authorize': {
        const token = version === '1.6' ? String(payload.idTag) : String((payload.idToken as { idToken: string }).idToken);
        const status = this.authorize(token);
        return version === '1.6' ? { idTagInfo: { status } } : { idTokenInfo: { status } };
      }
      case 'StartTransaction':
        return { transactionId: this.nextTx++, idTagInfo: { status: this.authorize(String(payload.idTag)) } };
      case 'StopTransaction':
        return {};
      case 'TransactionEvent': {
        const token = payload.idToken as { idToken: string } | undefined;
        return token ? { idTokenInfo: { status: this.authorize(token.idToken) } } : {};
      }
      case 'DataTransfer':
      case 'NotifyEVChargingNeeds':
        return { status: 'Accepted' };
      default:
        return undefined;
    }
  }
}

/** Station options for tests against a TestCsms: fast simulated time, short back-off, outbound validation on. */
export function testStationOptions(url: string, id: string, version: OcppVersion, overrides: Partial<SimStationOptions> = {}): SimStationOptions {
  return {
    id, url, version, connectors: 2, kind: 'AC', maxPowerW: 22_000, meterIntervalS: 60,
    vendor: 'Chargewatch Sim', model: 'SimAC-22', firmwareVersion: '1.0.0-sim', idTokens: ['TAG-1'],
    autoCharge: false, faultRate: 0, reconnect: true, timeScale: 600, validateOutbound: true,
    backoffMinMs: 100, backoffMaxMs: 400, ...overrides,
  };
}
