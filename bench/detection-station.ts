import WebSocket from 'ws';
import { CALL, CALLERROR, CALLRESULT, encodeCall, encodeCallError, encodeCallResult, errorCodeFor, OcppValidator, parseFrame, subprotocolOf, type OcppVersion, type Payload } from '../src/ocpp/index.js';
import { bootRequest, meterFor } from './station-messages.js';

/** How long a CALL of the station may wait for its answer before the probe gives up on it. */
const CALL_TIMEOUT_MS = 30_000;
/** Answers tried, in order, for a CALL from the server; the first that its schema accepts is sent. */
const REFUSALS: readonly Payload[] = [{ status: 'Rejected' }, { status: 'NotSupported' }, { status: 'Failed' }, {}];
const validator = new OcppValidator();

/**
 * A station for the detection benchmark: it boots, reports connector 1 Faulted or Available when told, and
 * can go silent — no more messages, and no pongs to the server's WebSocket pings — as a station that lost
 * power or its network does, until it reconnects and boots again. Whatever the server asks of it (a
 * remediation's TriggerMessage or Reset) is refused with an answer valid for its version, so nothing hangs.
 */
export class DetectionStation {
  readonly version: OcppVersion;
  /** The CALLs the server sent and were answered, by action. */
  readonly callsAnswered = new Map<string, number>();
  /** When (performance.now()) it last sent anything, a pong included: the server's last sign of life from it. */
  lastSentAt: number | undefined;
  private ws: WebSocket | undefined;
  private silent = false;
  private nextId = 1;
  private lastTimestampMs = 0;
  private readonly waiting = new Map<string, { resolve(p: Payload): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  constructor(readonly id: string, readonly index: number) {
    this.version = meterFor(index).version;
  }

  /** Opens a socket and boots (Accepted required); used again after going silent. */
  async connect(baseUrl: string): Promise<void> {
    this.ws?.terminate();
    this.silent = false;
    // Pongs are sent by hand, so that a silent station can stop sending them.
    const ws = new WebSocket(`${baseUrl}/${encodeURIComponent(this.id)}`, [subprotocolOf(this.version)], { perMessageDeflate: false, autoPong: false });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    ws.on('ping', (data: Buffer) => {
      if (this.silent || this.ws !== ws) return;
      ws.pong(data);
      this.lastSentAt = performance.now();
    });
    ws.on('message', (data: Buffer) => {
      if (!this.silent && this.ws === ws) this.onMessage(data.toString('utf8'));
    });
    ws.on('close', () => {
      if (this.ws === ws) this.failAll(new Error(`station ${this.id} disconnected`));
    });
    const boot = await this.call('BootNotification', bootRequest(this.index, this.id));
    if (boot.status !== 'Accepted') throw new Error(`station ${this.id} boot ${String(boot.status)}`);
  }

  /**
   * Reports connector 1 Faulted (1.6 with error code GroundFailure) or Available; resolves with the time it
   * was sent (performance.now()) and the promise of its answer. Timestamps rise strictly per station, so
   * the server never takes a status for an older one.
   */
  reportStatus(status: 'Faulted' | 'Available'): { sentAt: number; answered: Promise<Payload> } {
    const ms = Math.max(Date.now(), this.lastTimestampMs + 1);
    this.lastTimestampMs = ms;
    const timestamp = new Date(ms).toISOString();
    const payload: Payload = this.version === '1.6'
      ? { connectorId: 1, errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError', status, timestamp, ...(status === 'Faulted' ? { vendorErrorCode: 'BENCH-GF' } : {}) }
      : { timestamp, connectorStatus: status, evseId: 1, connectorId: 1 };
    const sentAt = performance.now();
    return { sentAt, answered: this.call('StatusNotification', payload) };
  }

  /** Stops sending and answering anything, pings included; resolves with the moment it went silent. */
  goSilent(): number {
    this.silent = true;
    this.failAll(new Error(`station ${this.id} went silent`));
    return performance.now();
  }

  /** Resolves when the current socket is closed (the server dropped it), or after `timeoutMs`. */
  closed(timeoutMs: number): Promise<boolean> {
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  close(): void {
    this.silent = true;
    this.failAll(new Error(`station ${this.id} closed`));
    this.ws?.terminate();
  }

  private call(action: string, payload: Payload): Promise<Payload> {
    const id = String(this.nextId++);
    return new Promise<Payload>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`station ${this.id}: ${action} unanswered`));
      }, CALL_TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, timer });
      this.ws?.send(encodeCall(id, action, payload));
      this.lastSentAt = performance.now();
    });
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.waiting.clear();
  }

  private onMessage(text: string): void {
    const parsed = parseFrame(text);
    if (parsed.kind !== 'frame') return;
    const frame = parsed.frame;
    if (frame.type === CALL) {
      this.refuse(frame.id, frame.action);
      return;
    }
    const w = this.waiting.get(frame.id);
    if (!w) return;
    this.waiting.delete(frame.id);
    clearTimeout(w.timer);
    if (frame.type === CALLRESULT) w.resolve(frame.payload);
    else if (frame.type === CALLERROR) w.reject(new Error(`station ${this.id}: ${frame.code} ${frame.description}`));
  }

  /** Answers a CALL from the server with the first refusal its response schema accepts, else NotSupported. */
  private refuse(id: string, action: string): void {
    const answer = validator.knows(this.version, action) ? REFUSALS.find((p) => validator.validate(this.version, action, 'response', p).ok) : undefined;
    this.ws?.send(answer ? encodeCallResult(id, answer) : encodeCallError(id, errorCodeFor('NotSupported', this.version), `${action} is not supported by this station`));
    this.lastSentAt = performance.now();
    this.callsAnswered.set(action, (this.callsAnswered.get(action) ?? 0) + 1);
  }
}
