import WebSocket from 'ws';
import { CALLERROR, CALLRESULT, encodeCall, parseFrame, subprotocolOf, type Payload } from '../src/ocpp/index.js';
import { bootRequest, meterFor } from './station-messages.js';
import type { OcppVersion } from '../src/ocpp/index.js';

/** 1.6 and 2.0.1 name the plugged-in state differently; a probe flips its connector 1 between these. */
const STATUSES: Record<OcppVersion, readonly [string, string]> = { '1.6': ['Available', 'Preparing'], '2.0.1': ['Available', 'Occupied'] };

/**
 * A station that only boots and then reports connector 1's status when told, each with a distinct
 * timestamp (the key the SSE side matches on), one CALL outstanding at a time.
 */
export class ProbeStation {
  readonly version: OcppVersion;
  private ws: WebSocket | undefined;
  private nextId = 1;
  private outstanding: { id: string; sentAt: number; timestamp?: string; resolve?(p: Payload): void; reject?(e: Error): void } | undefined;
  private flips = 0;
  private lastTimestampMs = 0;

  /** `onAnswer` gets each status's send → answer time, whether it was a CALLRESULT, and the status's timestamp. */
  constructor(readonly id: string, readonly index: number, private readonly onAnswer: (ms: number, ok: boolean, timestamp: string) => void) {
    this.version = meterFor(index).version;
  }

  get busy(): boolean {
    return this.outstanding !== undefined;
  }

  /** Opens the socket and boots (Accepted required). */
  async connect(baseUrl: string): Promise<void> {
    const ws = new WebSocket(`${baseUrl}/${encodeURIComponent(this.id)}`, [subprotocolOf(this.version)], { perMessageDeflate: false });
    this.ws = ws;
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
    ws.on('close', () => {
      this.outstanding?.reject?.(new Error(`probe ${this.id} disconnected`));
      this.outstanding = undefined;
    });
    const boot = await new Promise<Payload>((resolve, reject) => this.send('BootNotification', bootRequest(this.index, this.id), resolve, reject));
    if (boot.status !== 'Accepted') throw new Error(`probe ${this.id} boot ${String(boot.status)}`);
  }

  /**
   * Sends the next StatusNotification now; returns its timestamp (ISO, ms, strictly increasing per station),
   * which the server carries into the connector.status event, and the time it was sent (performance.now()).
   */
  sendStatus(): { timestamp: string; sentAt: number } {
    const ms = Math.max(Date.now(), this.lastTimestampMs + 1);
    this.lastTimestampMs = ms;
    const timestamp = new Date(ms).toISOString();
    const status = STATUSES[this.version][this.flips++ % 2]!;
    const payload: Payload = this.version === '1.6'
      ? { connectorId: 1, errorCode: 'NoError', status, timestamp }
      : { timestamp, connectorStatus: status, evseId: 1, connectorId: 1 };
    const sentAt = this.send('StatusNotification', payload);
    this.outstanding!.timestamp = timestamp;
    return { timestamp, sentAt };
  }

  close(): void {
    this.ws?.terminate();
  }

  private send(action: string, payload: Payload, resolve?: (p: Payload) => void, reject?: (e: Error) => void): number {
    const id = String(this.nextId++);
    const sentAt = performance.now();
    this.outstanding = { id, sentAt, resolve, reject };
    this.ws?.send(encodeCall(id, action, payload));
    return sentAt;
  }

  private onMessage(text: string): void {
    const parsed = parseFrame(text);
    const waiting = this.outstanding;
    if (parsed.kind !== 'frame' || !waiting || parsed.frame.id !== waiting.id) return;
    const frame = parsed.frame;
    if (frame.type !== CALLRESULT && frame.type !== CALLERROR) return;
    this.outstanding = undefined;
    if (waiting.resolve) {
      if (frame.type === CALLRESULT) waiting.resolve(frame.payload);
      else waiting.reject?.(new Error(`probe ${this.id}: ${frame.code} ${frame.description}`));
      return;
    }
    this.onAnswer(performance.now() - waiting.sentAt, frame.type === CALLRESULT, waiting.timestamp ?? '');
  }
}
