import { CALLRESULT, encodeCall, type CallErrorFrame, type CallResultFrame, type OcppVersion, type Payload } from '../ocpp/index.js';
import type { GatewayRuntime } from './runtime.js';
import { CallFailure, type CallOptions } from './types.js';

/** The socket side an outbound queue writes to. */
export interface CallChannel {
  readonly stationId: string;
  readonly version: OcppVersion;
  /** Sends one CALL; false when the socket can no longer take it. */
  transmitCall(id: string, action: string, text: string): boolean;
}

interface QueuedCall {
  action: string;
  payload: Payload;
  timeoutMs: number;
  resolve(payload: Payload): void;
  reject(failure: CallFailure): void;
}

interface PendingCall extends QueuedCall {
  id: string;
  timer: NodeJS.Timeout;
}

/**
 * One station's outbound CALLs: a bounded FIFO with exactly one CALL outstanding at a time (OCPP-J requires
 * it), each with its own timeout. Made on a connection's first call so idle stations do not carry it.
 */
export class OutboundCalls {
  private readonly queue: QueuedCall[] = [];
  private pending: PendingCall | undefined;
  private closed = false;

  constructor(
    private readonly rt: GatewayRuntime,
    private readonly channel: CallChannel,
  ) {}

  /** The action of the outstanding CALL with this id, for labelling its answer. */
  actionOf(id: string): string | undefined {
    return this.pending?.id === id ? this.pending.action : undefined;
  }

  /** Queues a CALL after validating its payload; settles with the station's validated answer. */
  call(action: string, payload: Payload, options: CallOptions = {}): Promise<Payload> {
    if (this.closed) return Promise.reject(new CallFailure('closed', 'the connection is closed'));
    let problem: string | undefined;
    try {
      const check = this.rt.validator.validate(this.channel.version, action, 'request', payload);
      if (!check.ok) problem = check.error.message;
    } catch (err) {
      problem = err instanceof Error ? err.message : 'payload could not be validated';
    }
    if (problem !== undefined) return Promise.reject(new CallFailure('invalid-request', problem));
    if (this.queue.length >= this.rt.options.outboundQueueLimit) {
      return Promise.reject(new CallFailure('queue-full', 'too many calls are waiting for this station'));
    }
    const timeoutMs = options.timeoutMs ?? this.rt.options.callTimeoutMs;
    return new Promise<Payload>((resolve, reject) => {
      this.queue.push({ action, payload, timeoutMs, resolve, reject });
      this.next();
    });
  }

  /** Settles the outstanding CALL with the station's answer; false when the id is not the one awaited. */
  settle(frame: CallResultFrame | CallErrorFrame): boolean {
    const pending = this.pending;
    if (!pending || pending.id !== frame.id) return false;
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (frame.type === CALLRESULT) {
      this.resolveResult(pending, frame.payload);
    } else {
      pending.reject(new CallFailure('callerror', `${pending.action} failed: ${frame.code} ${frame.description}`.trim(), frame.code, frame.details));
    }
    this.next();
    return true;
  }

  /** Fails every queued and outstanding CALL; later calls fail at once. */
  closeAll(): void {
    if (this.closed) return;
    this.closed = true;
    const failure = (): CallFailure => new CallFailure('closed', 'the connection closed before the station answered');
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.reject(failure());
      this.pending = undefined;
    }
    for (const queued of this.queue.splice(0)) queued.reject(failure());
  }

  private resolveResult(pending: PendingCall, payload: Payload): void {
    try {
      const check = this.rt.validator.validate(this.channel.version, pending.action, 'response', payload);
      if (check.ok) pending.resolve(payload);
      else pending.reject(new CallFailure('invalid-response', check.error.message, undefined, payload));
    } catch (err) {
      pending.reject(new CallFailure('invalid-response', err instanceof Error ? err.message : 'response could not be validated'));
    }
  }

  private next(): void {
    while (!this.pending && !this.closed) {
      const queued = this.queue.shift();
      if (!queued) return;
      const id = this.rt.ids.uuid();
      let text: string;
      try {
        text = encodeCall(id, queued.action, queued.payload);
      } catch (err) {
        queued.reject(new CallFailure('invalid-request', err instanceof Error ? err.message : 'payload could not be encoded'));
        continue;
      }
      const timer = setTimeout(() => this.expire(id), queued.timeoutMs);
      timer.unref();
      this.pending = { ...queued, id, timer };
      if (!this.channel.transmitCall(id, queued.action, text)) {
        // The socket is going away; its close fails whatever is still here.
        clearTimeout(timer);
        this.pending = undefined;
        queued.reject(new CallFailure('closed', 'the connection is closed'));
      }
    }
  }

  private expire(id: string): void {
    const pending = this.pending;
    if (!pending || pending.id !== id) return;
    this.pending = undefined;
    this.rt.logger.warn({ stationId: this.channel.stationId, messageId: id, action: pending.action }, 'station did not answer in time');
    pending.reject(new CallFailure('timeout', `${pending.action} got no answer within ${pending.timeoutMs} ms`));
    this.next();
  }
}
