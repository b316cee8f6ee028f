import WebSocket from 'ws';
import {
  CALL, CALLERROR, CALLRESULT, OcppError, OcppValidator, encodeCall, encodeCallError, encodeCallResult, errorCodeFor,
  parseFrame, subprotocolOf, type OcppVersion, type Payload,
} from '../ocpp/index.js';
import type { SimTlsConnection } from './sim-security.js';
import type { SimCounters, SimLogger } from './types.js';

/** One validator for every simulated station in the process: schemas compile once. */
const validator = new OcppValidator();

/** A CALLERROR (or a timeout, code 'Timeout') answering one of the station's own CALLs. */
export class CallError extends Error {
  constructor(readonly code: string, message: string, readonly details: Payload = {}) {
    super(message);
    this.name = 'CallError';
  }
}

/** The answer to a CSMS command, plus what to do once the answer is on the wire (e.g. a triggered message). */
export interface CommandOutcome {
  response: object;
  after?: () => void;
}

/** What the link tells its station. */
export interface LinkHost {
  linkOpened(): void;
  linkClosed(code: number, reason: string): void;
  handleCall(action: string, payload: Payload): CommandOutcome | Promise<CommandOutcome>;
  commandAnswered(action: string, payload: Payload, response?: Payload, errorCode?: string): void;
  frame(direction: 'in' | 'out', text: string): void;
}

/** A payload, or a function producing it at send time (undefined = nothing to send any more). */
export type PayloadSource = object | (() => object | undefined);

interface OutCall {
  action: string;
  source: PayloadSource;
  payload?: Payload;
  /** Kept across disconnects and retried: transaction messages. */
  durable: boolean;
  /** May go before the boot is accepted. */
  boot: boolean;
  attempts: number;
  id?: string;
  deadline?: number;
  resolve(p: Payload): void;
  reject(e: Error): void;
}

/** How one CALL is sent. */
export interface CallOptions<T> {
  /** Kept across disconnects and retried: transaction messages. */
  durable?: boolean;
  /** May go before the boot is accepted (BootNotification). */
  boot?: boolean;
  onAck?: (response: T) => void;
  onFail?: (error: Error) => void;
}

/** Settings of the link that the station owns. */
export interface LinkOptions {
  version: OcppVersion;
  callTimeoutMs: number;
  validateOutbound: boolean;
  logger: SimLogger;
  now(): number;
  /** How often a durable message is tried before it is given up (TransactionMessageAttempts). */
  attempts(): number;
}

/**
 * The station side of OCPP-J: one socket, one outstanding CALL at a time with a queue behind it,
 * transaction messages kept across disconnects, and CSMS commands answered at any time.
 */
export class StationLink {
  readonly counters: SimCounters = { sent: 0, acked: 0, errors: 0, commands: 0, connects: 0 };
  private ws: WebSocket | undefined;
  private queue: OutCall[] = [];
  private inflight: OutCall | undefined;
  private open = false;
  private nextId = 1;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly opts: LinkOptions, private readonly host: LinkHost) {}

  /** True while the socket is open. */
  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** True while a socket exists (connecting, open or closing). */
  get hasSocket(): boolean {
    return this.ws !== undefined;
  }

  /** Messages waiting to be sent, the one in flight included. */
  get backlog(): number {
    return this.queue.length + (this.inflight ? 1 : 0);
  }

  /** The URL of the current socket, undefined without one. */
  get url(): string | undefined {
    return this.ws?.url;
  }

  /** Opens the socket (over TLS with `tls` for wss:// URLs); the station hears back through linkOpened / linkClosed. */
  connect(url: string, headers: Record<string, string>, localAddress?: string, tls: SimTlsConnection = {}): void {
    const ws = new WebSocket(url, [subprotocolOf(this.opts.version)], {
      headers, localAddress, perMessageDeflate: false, handshakeTimeout: 15_000, ...tls,
    });
    this.ws = ws;
    ws.on('open', () => {
      this.counters.connects++;
      this.host.linkOpened();
    });
    ws.on('message', (data: WebSocket.RawData) => this.onText(data.toString()));
    ws.on('error', (err: Error) => this.opts.logger.debug({ err: err.message }, 'sim socket error'));
    ws.on('close', (code: number, reason: Buffer) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.socketGone();
      this.host.linkClosed(code, reason.toString());
    });
  }

  /** Closes the socket (terminates it if still connecting). */
  close(code = 1000, reason = ''): void {
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(code, reason);
    else ws.terminate();
  }

  /** Lets every message through once the boot is accepted; before that only BootNotification goes. */
  setOpen(open: boolean): void {
    this.open = open;
    this.pump();
  }

  /**
   * Sends a CALL (queued behind others) and resolves with the CALLRESULT payload. `onAck` / `onFail` run
   * synchronously, before the next queued message is built, so that message can use what the answer said.
   */
  call<T = Payload>(action: string, source: PayloadSource, opts: CallOptions<T> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const durable = opts.durable ?? false;
      const fail = (e: Error): void => {
        opts.onFail?.(e);
        reject(e);
      };
      if (!durable && !this.connected) {
        fail(new CallError('NotConnected', `${action}: station is not connected`));
        return;
      }
      const entry: OutCall = {
        action, source, durable, boot: opts.boot ?? false, attempts: 0, reject: fail,
        resolve: (p: Payload) => {
          opts.onAck?.(p as unknown as T);
          resolve(p as unknown as T);
        },
      };
      if (entry.boot) this.queue.unshift(entry);
      else this.queue.push(entry);
      this.pump();
    });
  }

  /** Fire-and-forget variant of `call` for the station's own traffic; failures are only logged. */
  post<T = Payload>(action: string, source: PayloadSource, opts: CallOptions<T> = {}): void {
    this.call(action, source, opts).catch((err: Error) => this.opts.logger.debug({ action, err: err.message }, 'sim call failed'));
  }

  /** Writes a raw text frame as is (fuzzing). */
  sendRaw(text: string): void {
    if (!this.connected || !this.ws) throw new CallError('NotConnected', 'station is not connected');
    this.host.frame('out', text);
    this.ws.send(text);
  }

  /** Resolves once nothing is queued or in flight, or after timeoutMs. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.backlog === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.idleWaiters;
      function done(): void {
        clearTimeout(timer);
        const i = waiters.indexOf(done);
        if (i >= 0) waiters.splice(i, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  /** Drops every queued message, durable ones included (the station is being stopped). */
  discardAll(reason: string): void {
    const all = this.inflight ? [this.inflight, ...this.queue] : this.queue;
    this.inflight = undefined;
    this.queue = [];
    for (const entry of all) entry.reject(new CallError('Discarded', reason));
    this.notifyIdle();
  }

  /** Called on the shared tick: enforces the CALL timeout. */
  tick(realNowMs: number): void {
    const entry = this.inflight;
    if (!entry || entry.deadline === undefined || realNowMs < entry.deadline) return;
    this.inflight = undefined;
    this.counters.errors++;
    this.opts.logger.warn({ action: entry.action, id: entry.id }, 'sim call timed out');
    if (entry.durable && entry.attempts < this.opts.attempts()) this.queue.unshift(entry);
    else entry.reject(new CallError('Timeout', `${entry.action}: no answer within ${this.opts.callTimeoutMs} ms`));
    this.pump();
  }

  private socketGone(): void {
    this.open = false;
    const kept: OutCall[] = [];
    const pending = this.inflight ? [this.inflight, ...this.queue] : this.queue;
    this.inflight = undefined;
    for (const entry of pending) {
      if (entry.durable) kept.push(entry);
      else entry.reject(new CallError('NotConnected', `${entry.action}: connection lost`));
    }
    this.queue = kept;
  }

  private pump(): void {
    while (!this.inflight && this.ws && this.ws.readyState === WebSocket.OPEN) {
      const index = this.open ? (this.queue.length > 0 ? 0 : -1) : this.queue.findIndex((e) => e.boot);
      if (index < 0) break;
      const [entry] = this.queue.splice(index, 1);
      if (!entry.payload) {
        const payload = typeof entry.source === 'function' ? (entry.source as () => object | undefined)() : entry.source;
        if (!payload) {
          entry.resolve({});
          continue;
        }
        entry.payload = payload as Payload;
      }
      this.sendCall(entry, entry.payload);
    }
    if (this.backlog === 0) this.notifyIdle();
  }

  private sendCall(entry: OutCall, payload: Payload): void {
    if (this.opts.validateOutbound) this.check(entry.action, 'request', payload);
    entry.id = String(this.nextId++);
    entry.attempts++;
    entry.deadline = this.opts.now() + this.opts.callTimeoutMs;
    this.inflight = entry;
    const text = encodeCall(entry.id, entry.action, payload);
    this.counters.sent++;
    this.host.frame('out', text);
    this.ws?.send(text);
  }

  private notifyIdle(): void {
    if (this.idleWaiters.length === 0) return;
    for (const done of [...this.idleWaiters]) done();
  }

  private check(action: string, kind: 'request' | 'response', payload: Payload): void {
    const result = validator.validate(this.opts.version, action, kind, payload);
    if (!result.ok) this.opts.logger.error({ action, kind, err: result.error.message }, 'sim outbound payload invalid');
  }

  private onText(text: string): void {
    this.host.frame('in', text);
    const parsed = parseFrame(text);
    if (parsed.kind === 'drop') {
      this.opts.logger.warn({ reason: parsed.reason }, 'sim dropped unreadable frame');
      return;
    }
    if (parsed.kind === 'error') {
      this.reply(encodeCallError(parsed.id, errorCodeFor(parsed.error.kind, this.opts.version), parsed.error.message));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === CALL) {
      this.counters.commands++;
      void this.answer(frame.id, frame.action, frame.payload);
      return;
    }
    const entry = this.inflight;
    if (!entry || entry.id !== frame.id) {
      this.opts.logger.debug({ id: frame.id }, 'sim got an answer nobody waits for');
      return;
    }
    this.inflight = undefined;
    if (frame.type === CALLRESULT) {
      const check = validator.validate(this.opts.version, entry.action, 'response', frame.payload);
      if (check.ok) {
        this.counters.acked++;
        entry.resolve(frame.payload);
      } else {
        this.counters.errors++;
        entry.reject(new CallError('InvalidResponse', check.error.message));
      }
    } else if (frame.type === CALLERROR) {
      this.counters.errors++;
      entry.reject(new CallError(frame.code, frame.description, frame.details));
    }
    this.pump();
  }

  private async answer(id: string, action: string, payload: Payload): Promise<void> {
    const version = this.opts.version;
    try {
      const check = validator.validate(version, action, 'request', payload);
      if (!check.ok) throw check.error;
      const outcome = await this.host.handleCall(action, payload);
      const response = outcome.response as Payload;
      if (this.opts.validateOutbound) this.check(action, 'response', response);
      this.reply(encodeCallResult(id, response));
      this.host.commandAnswered(action, payload, response);
      outcome.after?.();
    } catch (err) {
      const error = err instanceof OcppError ? err : new OcppError('InternalError', err instanceof Error ? err.message : String(err));
      const code = errorCodeFor(error.kind, version);
      this.reply(encodeCallError(id, code, error.message));
      this.host.commandAnswered(action, payload, undefined, code);
    }
  }

  private reply(text: string): void {
    if (!this.connected || !this.ws) return;
    this.host.frame('out', text);
    this.ws.send(text);
  }
}
