import { WebSocket, type RawData } from 'ws';
import { CALL, CALLERROR, parseFrame, type CallFrame, type OcppVersion, type ParseResult, type Payload } from '../ocpp/index.js';
import { answerCall, callErrorText } from './inbound-call.js';
import { OutboundCalls, type CallChannel } from './outbound-calls.js';
import { runHook, type GatewayRuntime } from './runtime.js';
import type { CallOptions, GatewayHooks, StationConnection } from './types.js';

type InboundItem = { call: CallFrame; atMs: number } | { bad: Extract<ParseResult, { kind: 'error' }> };

/** Who a socket belongs to; listeners are shared functions, so they find their connection here. */
const owners = new WeakMap<WebSocket, StationSocket>();

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  owners.get(this)?.receive(data, isBinary);
}
function onPong(this: WebSocket): void {
  owners.get(this)?.touch();
}
function onClose(this: WebSocket, code: number, reason: Buffer): void {
  owners.get(this)?.closed(code, reason.toString('utf8'));
}
function onError(this: WebSocket, err: Error): void {
  owners.get(this)?.failed(err);
}

/** Identity and negotiated facts of a new socket. */
export interface StationSocketInfo {
  stationId: string;
  version: OcppVersion;
  remoteAddress: string;
  securityProfile: number;
}

/**
 * One station's live socket: an inbound FIFO handled one frame at a time in arrival order, an outbound
 * CALL queue, liveness bookkeeping, and exactly one disconnect report.
 */
export class StationSocket implements StationConnection, CallChannel {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly remoteAddress: string;
  readonly securityProfile: number;
  readonly connectedAt: Date;
  lastSeenMs: number;
  /** When the last ping was sent; undefined before the first. */
  private lastPingMs: number | undefined;
  /** Set when a newer socket for the same identity took over. */
  replaced = false;
  private state: 'starting' | 'open' | 'closing' | 'closed' = 'starting';
  private inbound: InboundItem[] | undefined;
  private busy = false;
  private outbound: OutboundCalls | undefined;
  /** Our own code and reason for cutting the socket, reported instead of the bare 1006. */
  private ended: { code: number; reason: string } | undefined;

  constructor(
    private readonly rt: GatewayRuntime,
    private readonly ws: WebSocket,
    info: StationSocketInfo,
  ) {
    this.stationId = info.stationId;
    this.version = info.version;
    this.remoteAddress = info.remoteAddress;
    this.securityProfile = info.securityProfile;
    this.connectedAt = rt.clock.now();
    this.lastSeenMs = this.connectedAt.getTime();
    owners.set(ws, this);
    ws.on('message', onMessage);
    ws.on('pong', onPong);
    ws.on('close', onClose);
    ws.on('error', onError);
  }

  get isOpen(): boolean {
    return (this.state === 'starting' || this.state === 'open') && this.ws.readyState === WebSocket.OPEN;
  }

  /** Runs the connect hook, then starts handling frames that arrived meanwhile; a failing hook closes the socket. */
  async start(): Promise<void> {
    const ok = await runHook(this.rt.logger, 'onConnect', this.stationId, () => this.rt.hooks.onConnect(this));
    if (this.state !== 'starting') return;
    if (!ok) {
      this.close(1011, 'connect failed');
      return;
    }
    this.state = 'open';
    this.pump();
  }

  call(action: string, payload: Payload, options?: CallOptions): Promise<Payload> {
    this.outbound ??= new OutboundCalls(this.rt, this);
    if (!this.isOpen) this.outbound.closeAll();
    return this.outbound.call(action, payload, options);
  }

  close(code = 1000, reason = ''): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.stop();
    try {
      this.ws.close(code, reason);
    } catch (err) {
      this.rt.logger.warn({ err, stationId: this.stationId }, 'socket close failed');
      this.ws.terminate();
    }
  }

  /** Drops the TCP connection without a closing handshake (the station is not answering). */
  terminate(reason: string, code = 1006): void {
    if (this.state === 'closed') return;
    this.ended ??= { code, reason };
    this.stop();
    this.ws.terminate();
  }

  /** Liveness round: terminate when silent longer than `silentMs`, else ping. Called by the gateway's ping rounds. */
  checkAlive(nowMs: number, silentMs: number): void {
    if (!this.isOpen) return;
    if (nowMs - this.lastSeenMs > silentMs) {
      this.terminateIfSilent(() => this.rt.clock.nowMs() - this.lastSeenMs > silentMs);
      return;
    }
    try {
      this.lastPingMs = nowMs;
      this.ws.ping();
    } catch (err) {
      this.rt.logger.debug({ err, stationId: this.stationId }, 'ping failed');
    }
  }

  /**
   * The pong deadline: a station that has shown no sign of life since the last ping, `deadlineMs` after it,
   * is terminated (a healthy one answers within its round trip).
   */
  checkPong(nowMs: number, deadlineMs: number): void {
    const pingedAt = this.lastPingMs;
    if (!this.isOpen || pingedAt === undefined || this.lastSeenMs >= pingedAt || nowMs - pingedAt < deadlineMs) return;
    this.terminateIfSilent(() => this.lastSeenMs < pingedAt);
  }

  /**
   * Timers run before a turn's I/O: a pong that arrived while the event loop was busy is read only after the
   * check. Looks again once this turn's input is in before calling the station silent.
   */
  private terminateIfSilent(stillSilent: () => boolean): void {
    setImmediate(() => {
      if (!this.isOpen || !stillSilent()) return;
      this.rt.logger.info({ stationId: this.stationId, lastSeenMs: this.lastSeenMs }, 'station unresponsive, terminating socket');
      this.terminate('ping timeout');
    });
  }

  transmitCall(id: string, action: string, text: string): boolean {
    return this.send(text, CALL, id, action);
  }

  /** @internal Listener entry: any sign of life. */
  touch(): void {
    this.lastSeenMs = this.rt.clock.nowMs();
    const onSeen = this.rt.hooks.onSeen;
    if (onSeen) this.notifyHook('onSeen', onSeen, this);
  }

  /** @internal Listener entry: one frame from the station. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.touch();
    if (isBinary) {
      this.rt.logger.warn({ stationId: this.stationId }, 'binary frame refused');
      this.close(1003, 'binary frames are not supported');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
    const parsed = parseFrame(text);
    this.record('in', text, parsed);
    switch (parsed.kind) {
      case 'drop':
        this.rt.logger.warn({ stationId: this.stationId, problem: parsed.reason }, 'unreadable frame dropped');
        return;
      case 'error':
        this.enqueue({ bad: parsed });
        return;
      case 'frame': {
        const { frame } = parsed;
        if (frame.type === CALL) {
          this.enqueue({ call: frame, atMs: this.lastSeenMs });
        } else if (!this.outbound?.settle(frame)) {
          this.rt.logger.warn({ stationId: this.stationId, messageId: frame.id, messageType: frame.type }, 'answer to no outstanding call ignored');
        }
      }
    }
  }

  /** @internal Listener entry: the socket has closed; reports the disconnect exactly once. */
  closed(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.stop();
    this.state = 'closed';
    owners.delete(this.ws);
    this.rt.socketClosed(this, { ...(this.ended ?? { code, reason }), replaced: this.replaced });
  }

  /** @internal Listener entry: a socket error; ws closes the socket after it. */
  failed(err: Error): void {
    this.rt.logger.info({ stationId: this.stationId, problem: err.message, code: (err as { code?: string }).code }, 'socket error');
  }

  private stop(): void {
    if (this.state !== 'closed') this.state = 'closing';
    this.inbound = undefined;
    this.outbound?.closeAll();
  }

  private enqueue(item: InboundItem): void {
    const queue = (this.inbound ??= []);
    if (queue.length >= this.rt.options.inboundQueueLimit) {
      this.rt.logger.warn({ stationId: this.stationId, limit: this.rt.options.inboundQueueLimit }, 'inbound queue overflow, closing socket');
      this.close(1008, 'inbound queue overflow');
      return;
    }
    queue.push(item);
    this.pump();
  }

  private pump(): void {
    if (this.busy || this.state !== 'open' || !this.inbound?.length) return;
    this.busy = true;
    void this.drain();
  }

  /**
   * Answers queued frames in order until the queue is empty (frames that arrive meanwhile join the loop).
   * Never rejects; it clears `busy` itself rather than through promise callbacks (this runs for every frame).
   */
  private async drain(): Promise<void> {
    let failed = false;
    try {
      for (let item = this.inbound?.shift(); item; item = this.inbound?.shift()) {
        if ('call' in item) {
          const answer = await answerCall(this.rt, this, item.call, item.atMs);
          if (this.state !== 'open') return;
          this.send(answer.text, answer.type, item.call.id, item.call.action);
        } else {
          const { id, error, action } = item.bad;
          this.send(callErrorText(this, id, error.kind, error.message, error.details), CALLERROR, id, action);
        }
      }
      if (this.inbound?.length === 0) this.inbound = undefined;
    } catch (err) {
      failed = true;
      this.rt.logger.error({ err, stationId: this.stationId }, 'inbound queue failed');
    } finally {
      this.busy = false;
    }
    // After a failure the frames behind the one that failed are still to be answered.
    if (failed) this.pump();
  }

  private send(text: string, messageType: number, messageId: string, action: string | undefined): boolean {
    if (!this.isOpen) return false;
    if (this.ws.bufferedAmount > this.rt.options.maxBufferedBytes) {
      // A closing handshake could not get through the full buffer, so the socket is cut at once.
      this.rt.logger.warn({ stationId: this.stationId, bufferedBytes: this.ws.bufferedAmount }, 'station reads too slowly, closing socket');
      this.terminate('slow reader', 1008);
      return false;
    }
    this.ws.send(text);
    this.record('out', text, undefined, messageType, messageId, action);
    return true;
  }

  private record(direction: 'in' | 'out', text: string, parsed?: ParseResult, messageType?: number, messageId?: string, action?: string): void {
    const onFrame = this.rt.hooks.onFrame;
    if (!onFrame) return;
    if (parsed?.kind === 'frame') {
      messageType = parsed.frame.type;
      messageId = parsed.frame.id;
      action = parsed.frame.type === CALL ? parsed.frame.action : this.outbound?.actionOf(parsed.frame.id);
    } else if (parsed?.kind === 'error') {
      messageId = parsed.id;
      action = parsed.action;
    }
    this.notifyHook('onFrame', onFrame, { stationId: this.stationId, direction, text, messageType, messageId, action, atMs: this.rt.clock.nowMs() });
  }

  /**
   * Calls a notification hook without waiting for it, logging instead of throwing. A `void` hook may still
   * hand back a promise (TypeScript allows it), so a rejection is caught too rather than left unhandled.
   * No closure per call: this runs for every frame.
   */
  private notifyHook<A>(name: string, hook: (this: GatewayHooks, arg: A) => unknown, arg: A): void {
    try {
      const result = hook.call(this.rt.hooks, arg);
      if (result instanceof Promise) result.catch((err: unknown) => this.rt.logger.error({ err, hook: name, stationId: this.stationId }, 'gateway hook failed'));
    } catch (err) {
      this.rt.logger.error({ err, hook: name, stationId: this.stationId }, 'gateway hook failed');
    }
  }
}
