import WebSocket from 'ws';
import { CALL, CALLERROR, CALLRESULT, encodeCall, encodeCallError, parseFrame, subprotocolOf, type Payload } from '../src/ocpp/index.js';
import { bootRequest, meterFor, meterValuesRequest, startAnswered, startRequest, type MeterState } from './station-messages.js';

/** What every station of one load process reports into. */
export interface StationSink {
  /** A periodic message was answered after `ms`; `ok` is false for a CALLERROR. */
  answered(ms: number, ok: boolean): void;
}

/**
 * A lean OCPP station for load: one socket, one CALL outstanding at a time, no simulation of its own.
 * The setup messages (boot, start) wait for their answer; periodic MeterValues are sent by the pacer,
 * which calls `sendMeterValues` only while nothing is outstanding.
 */
export class BenchStation {
  readonly meter: MeterState;
  private ws: WebSocket | undefined;
  private nextId = 1;
  private outstanding: string | undefined;
  private sentAt = 0;
  private lastMeterMs = 0;
  private waiter: { resolve(p: Payload): void; reject(e: Error): void } | undefined;

  constructor(readonly id: string, readonly index: number, private readonly sink: StationSink) {
    this.meter = meterFor(index);
  }

  /** True while a CALL waits for its answer. */
  get busy(): boolean {
    return this.outstanding !== undefined;
  }

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket, boots (Accepted required) and optionally starts a transaction on connector 1. */
  async connect(baseUrl: string, localAddress: string | undefined, startTransaction: boolean): Promise<void> {
    const ws = new WebSocket(`${baseUrl}/${encodeURIComponent(this.id)}`, [subprotocolOf(this.meter.version)], {
      perMessageDeflate: false, localAddress, handshakeTimeout: 60_000,
    });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => this.onMessage(data));
    ws.on('close', () => {
      this.waiter?.reject(new Error(`station ${this.id} disconnected`));
      this.waiter = undefined;
      this.outstanding = undefined;
    });
    const boot = await this.call('BootNotification', bootRequest(this.index, this.id));
    if (boot.status !== 'Accepted') throw new Error(`station ${this.id} boot ${String(boot.status)}`);
    if (startTransaction) {
      const start = startRequest(this.meter, this.index, new Date().toISOString());
      startAnswered(this.meter, await this.call(start.action, start.payload));
    }
    this.lastMeterMs = Date.now();
  }

  /** Sends one periodic MeterValues; the pacer checks `busy` first. */
  sendMeterValues(nowMs: number, nowIso: string): void {
    const elapsedS = (nowMs - this.lastMeterMs) / 1000;
    this.lastMeterMs = nowMs;
    this.send('MeterValues', meterValuesRequest(this.meter, elapsedS, nowIso));
  }

  close(): void {
    this.ws?.terminate();
  }

  private call(action: string, payload: Payload): Promise<Payload> {
    return new Promise<Payload>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.send(action, payload);
    });
  }

  private send(action: string, payload: Payload): void {
    const id = String(this.nextId++);
    this.outstanding = id;
    this.sentAt = performance.now();
    this.ws?.send(encodeCall(id, action, payload));
  }

  private onMessage(data: Buffer): void {
    const parsed = parseFrame(data.toString('utf8'));
    // A lean station implements no commands: it refuses each at once, as a minimal station would, so the
    // server's own calls (local list checks, triggers) end rather than wait out their timeouts and retries.
    if (parsed.kind === 'frame' && parsed.frame.type === CALL) {
      this.ws?.send(encodeCallError(parsed.frame.id, 'NotSupported', `${parsed.frame.action} is not supported by this load station`));
      return;
    }
    if (parsed.kind !== 'frame' || parsed.frame.id !== this.outstanding) return;
    const frame = parsed.frame;
    if (frame.type !== CALLRESULT && frame.type !== CALLERROR) return;
    const ms = performance.now() - this.sentAt;
    this.outstanding = undefined;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      if (frame.type === CALLRESULT) waiter.resolve(frame.payload);
      else waiter.reject(new Error(`station ${this.id}: ${frame.code} ${frame.description}`));
      return;
    }
    this.sink.answered(ms, frame.type === CALLRESULT);
  }
}
