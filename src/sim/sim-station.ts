import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { OcppVersion, Payload } from '../ocpp/index.js';
import { backoffDelayMs } from './backoff.js';
import { takeReadings, type Reading } from './meter-readings.js';
import type { BootReason, ConnectorSim, ProtocolAdapter, SimTransaction, StationControl } from './protocol.js';
import { SessionFlow } from './session-flow.js';
import { SimLocalList } from './local-list.js';
import { SimSecurity } from './sim-security.js';
import { defaultSettings, type SimSettings } from './sim-settings.js';
import { StationLink } from './station-link.js';
import { sharedTicker, type SharedTicker, type Tickable } from './ticker.js';
import {
  quietLogger, type ConnectorSnapshot, type PlugInOptions, type SimCounters, type SimLogger, type SimStationDeps,
  type SimStationEvents, type SimStationOptions, type StopReason,
} from './types.js';
import { V16Protocol } from './v16-protocol.js';
import { V201Protocol } from './v201-protocol.js';

/** Real milliseconds a station stays off the network while it "reboots" after a Reset. */
const REBOOT_PAUSE_MS = 1_000;

/**
 * One simulated charging station: a black-box OCPP 1.6J or 2.0.1 client with EVs, a meter, faults,
 * reconnects and an offline queue. All timing runs on the shared ticker in simulated time
 * (real time × timeScale), except the network: back-off and CALL timeouts are real milliseconds.
 */
export class SimStation implements StationControl, Tickable {
  readonly options: Readonly<SimStationOptions>;
  readonly settings: SimSettings;
  readonly link: StationLink;
  readonly localList: SimLocalList;
  readonly security: SimSecurity;
  readonly adapter: ProtocolAdapter;
  private readonly flow: SessionFlow;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: SimLogger;
  private readonly ticker: SharedTicker;
  private readonly realStart: number;
  private emitter: EventEmitter | undefined;
  private running = false;
  private accepted = false;
  private lastBootStatus: string | undefined;
  private bootInFlight = false;
  private bootReason: BootReason = 'PowerUp';
  private bootRetryAt: number | undefined;
  private nextHeartbeatAt = 0;
  private reconnectAt: number | undefined;
  private attempt = 0;
  private rebooting = false;
  private resetPending = false;
  private everBooted = false;
  private startWaiter: { resolve(): void; reject(e: Error): void } | undefined;
  private closeWaiter: (() => void) | undefined;

  constructor(options: SimStationOptions, deps: SimStationDeps & { ticker?: SharedTicker } = {}) {
    if (!Number.isInteger(options.connectors) || options.connectors < 1 || options.connectors > 4) {
      throw new RangeError('connectors must be 1 to 4');
    }
    this.options = Object.freeze({ ...options });
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.logger = deps.logger ?? quietLogger;
    this.ticker = deps.ticker ?? sharedTicker;
    this.realStart = this.now();
    this.settings = defaultSettings(options.meterIntervalS);
    this.localList = new SimLocalList(options.localList);
    this.security = new SimSecurity({ url: options.url, ...(options.password !== undefined ? { password: options.password } : {}), ...(options.tls ? { tls: options.tls } : {}) });
    this.link = new StationLink({
      version: options.version, callTimeoutMs: options.callTimeoutMs ?? 30_000, validateOutbound: options.validateOutbound ?? false,
      logger: this.logger, now: this.now, attempts: () => this.settings.transactionMessageAttempts,
    }, {
      linkOpened: () => this.linkOpened(),
      linkClosed: (code, reason) => this.linkClosed(code, reason),
      handleCall: (action, payload) => this.adapter.command(action, payload),
      commandAnswered: (action, payload, response, errorCode) => this.emit('command', { action, payload, response, errorCode }),
      frame: (direction, text) => {
        if (this.emitter && this.emitter.listenerCount('message') > 0) this.emit('message', { direction, text });
      },
    });
    this.adapter = options.version === '1.6' ? new V16Protocol(this) : new V201Protocol(this);
    this.flow = new SessionFlow({
      options: this.options, settings: this.settings, adapter: this.adapter,
      isOnline: () => this.link.connected && this.accepted,
      random: this.random, simNow: () => this.simNow(), uuid: () => this.uuid(),
      emit: (event, data) => this.emit(event, data), idle: () => this.idle(),
      listed: (idToken) => this.localList.statusOf(idToken, this.simNow()),
    });
  }

  // ---- public state ----

  get id(): string { return this.options.id; }
  get version(): OcppVersion { return this.options.version; }
  /** True while the socket is open. */
  get connected(): boolean { return this.link.connected; }
  /** True once the current connection's BootNotification was Accepted. */
  get booted(): boolean { return this.accepted && this.link.connected; }
  /** The status of the last BootNotification answer (Accepted / Pending / Rejected). */
  get bootStatus(): string | undefined { return this.lastBootStatus; }
  /** Message counters (a copy). */
  get counters(): SimCounters { return { ...this.link.counters }; }
  /** Messages queued or in flight (transaction messages wait here while offline). */
  get backlog(): number { return this.link.backlog; }
  get connectors(): readonly ConnectorSim[] { return this.flow.connectors; }
  /** Ids of running transactions (1.6 ones appear once the CSMS assigned them). */
  get transactionIds(): string[] {
    return this.flow.connectors.flatMap((c) => (c.tx?.id !== undefined ? [c.tx.id] : []));
  }

  /** A snapshot of every connector. */
  connectorStates(): ConnectorSnapshot[] {
    return this.flow.connectors.map((c) => ({
      id: c.id, status: c.status, errorCode: c.errorCode, operative: c.operative, transactionId: c.tx?.id,
      powerW: c.powerW, energyRegisterWh: Math.floor(c.registerWh), soc: c.ev?.soc, evPlugged: c.ev !== undefined,
    }));
  }

  /** The snapshot of one connector. */
  connectorState(id: number): ConnectorSnapshot {
    this.flow.need(id);
    return this.connectorStates()[id - 1];
  }

  // ---- events ----

  /** Listens to a station event (frames, commands, connection, boot, status, transactions). */
  on<K extends keyof SimStationEvents>(event: K, listener: (data: SimStationEvents[K]) => void): this {
    this.emitter ??= new EventEmitter();
    this.emitter.on(event, listener);
    return this;
  }

  /** Listens to the next occurrence of an event. */
  once<K extends keyof SimStationEvents>(event: K, listener: (data: SimStationEvents[K]) => void): this {
    this.emitter ??= new EventEmitter();
    this.emitter.once(event, listener);
    return this;
  }

  /** Removes a listener. */
  off<K extends keyof SimStationEvents>(event: K, listener: (data: SimStationEvents[K]) => void): this {
    this.emitter?.off(event, listener);
    return this;
  }

  private emit<K extends keyof SimStationEvents>(event: K, data: SimStationEvents[K]): void {
    this.emitter?.emit(event, data);
  }

  // ---- lifecycle ----

  /** Connects and boots; resolves once a BootNotification is Accepted (Pending/Rejected are retried). */
  start(): Promise<void> {
    if (this.running) return this.everBooted ? Promise.resolve() : new Promise((resolve, reject) => this.chainStart(resolve, reject));
    this.running = true;
    this.ticker.add(this);
    return new Promise<void>((resolve, reject) => {
      this.startWaiter = { resolve, reject };
      this.connectNow();
    });
  }

  private chainStart(resolve: () => void, reject: (e: Error) => void): void {
    const prev = this.startWaiter;
    this.startWaiter = {
      resolve: () => { prev?.resolve(); resolve(); },
      reject: (e) => { prev?.reject(e); reject(e); },
    };
  }

  /** Closes the connection and stops every timer; queued messages are dropped. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.ticker.remove(this);
    this.startWaiter?.reject(new Error(`station ${this.id} stopped before it booted`));
    this.startWaiter = undefined;
    this.link.discardAll('station stopped');
    if (this.link.hasSocket) {
      const closed = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        this.closeWaiter = () => { clearTimeout(timer); resolve(); };
      });
      this.link.close(1000, 'station stopped');
      await closed;
    }
    this.reconnectAt = undefined;
  }

  private connectNow(): void {
    this.reconnectAt = undefined;
    const headers: Record<string, string> = {};
    const target = this.security.connection();
    if (target.password !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${this.id}:${target.password}`).toString('base64')}`;
    }
    const base = target.url.endsWith('/') ? target.url.slice(0, -1) : target.url;
    this.link.connect(`${base}/${encodeURIComponent(this.id)}`, headers, this.options.localAddress, target.tls);
  }

  private linkOpened(): void {
    this.rebooting = false;
    this.emit('connected', {});
    this.sendBoot();
  }

  private linkClosed(code: number, reason: string): void {
    this.accepted = false;
    this.bootInFlight = false;
    this.bootRetryAt = undefined;
    this.emit('disconnected', { code, reason });
    if (!this.running) {
      this.closeWaiter?.();
      this.closeWaiter = undefined;
      return;
    }
    if (this.rebooting) {
      this.reconnectAt = this.now() + REBOOT_PAUSE_MS;
    } else if (this.options.reconnect) {
      this.reconnectAt = this.now() + backoffDelayMs(this.attempt++, this.random, this.options.backoffMinMs, this.options.backoffMaxMs);
    } else {
      this.running = false;
      this.ticker.remove(this);
      this.startWaiter?.reject(new Error(`station ${this.id} could not connect (code ${code})`));
      this.startWaiter = undefined;
    }
  }

  private sendBoot(): void {
    if (this.bootInFlight) return;
    this.bootInFlight = true;
    this.adapter.boot(this.bootReason).then((res) => {
      this.bootInFlight = false;
      this.lastBootStatus = res.status;
      this.emit('booted', { status: res.status });
      if (res.status !== 'Accepted') {
        this.bootRetryAt = this.simNow() + (res.intervalS > 0 ? res.intervalS : 30) * 1_000;
        return;
      }
      this.accepted = true;
      this.everBooted = true;
      this.attempt = 0;
      this.bootReason = 'PowerUp';
      if (res.intervalS > 0) this.settings.heartbeatIntervalS = res.intervalS;
      this.nextHeartbeatAt = this.simNow() + this.settings.heartbeatIntervalS * 1_000;
      this.link.setOpen(true);
      this.adapter.allStatuses();
      this.startWaiter?.resolve();
      this.startWaiter = undefined;
    }, (err: Error) => {
      this.bootInFlight = false;
      this.logger.debug({ station: this.id, err: err.message }, 'sim boot failed');
      if (this.link.connected) this.bootRetryAt = this.simNow() + 30_000;
    });
  }

  /** Called by the shared ticker. */
  tick(realNowMs: number): void {
    this.link.tick(realNowMs);
    if (!this.running) return;
    if (this.reconnectAt !== undefined && realNowMs >= this.reconnectAt) this.connectNow();
    const sim = this.simNow(realNowMs);
    if (this.link.connected) {
      if (this.accepted && sim >= this.nextHeartbeatAt) {
        this.adapter.heartbeat();
        this.nextHeartbeatAt = sim + this.settings.heartbeatIntervalS * 1_000;
      } else if (!this.accepted && this.bootRetryAt !== undefined && sim >= this.bootRetryAt) {
        this.bootRetryAt = undefined;
        this.sendBoot();
      }
    }
    if (this.everBooted && !this.rebooting) this.flow.tick(sim);
  }

  // ---- driving the station (tests, demo) ----

  /** An EV plugs in; with an idToken it is presented right away. False if the connector is busy or down. */
  plugIn(connector: number, opts?: PlugInOptions): boolean { return this.flow.plugIn(connector, opts); }
  /** The EV leaves (stopping a running transaction with EVDisconnected). */
  unplug(connector: number): void { this.flow.unplug(connector); }
  /**
   * Presents a token and starts a transaction; resolves with its id, or undefined if refused. A 1.6 id
   * comes from the CSMS, so online this waits for the StartTransaction answer; offline it is undefined.
   */
  async authorizeAndStart(connector: number, idToken: string): Promise<string | undefined> {
    const id = await this.flow.authorizeAndStart(connector, idToken);
    const tx = this.flow.connector(connector)?.tx;
    if (id !== undefined || !tx || !this.booted) return id;
    return new Promise((resolve) => {
      const done = (e: { connectorId: number }): void => {
        if (e.connectorId !== connector) return;
        clearTimeout(timer);
        this.off('transactionStarted', done);
        this.off('transactionStopped', done);
        resolve(tx.id);
      };
      const timer = setTimeout(() => done({ connectorId: connector }), this.options.callTimeoutMs ?? 30_000);
      this.on('transactionStarted', done);
      this.on('transactionStopped', done);
    });
  }
  /** Stops the running transaction on a connector; false if none runs. */
  stopCharging(connector: number, reason: StopReason = 'Local'): boolean { return this.flow.stop(this.flow.need(connector), reason); }
  /** Faults a connector until clearFault (or, with `clearedByReset`, until the station is reset). */
  injectFault(connector: number, errorCode = 'OtherError', options: { clearedByReset?: boolean } = {}): void {
    this.flow.fault(this.flow.need(connector), errorCode, undefined, options.clearedByReset ?? false);
  }
  clearFault(connector: number): void { this.flow.clearFault(this.flow.need(connector)); }
  /** Writes any text on the socket (fuzzing the CSMS). */
  sendRaw(text: string): void { this.link.sendRaw(text); }
  /** Sends any CALL; resolves with the CALLRESULT payload, rejects with a CallError. */
  call(action: string, payload: Payload): Promise<Payload> {
    return this.link.call(action, payload, { boot: action === 'BootNotification' });
  }

  // ---- StationControl (used by the protocol adapters) ----

  simNow(real = this.now()): number {
    return this.realStart + (real - this.realStart) * (this.options.timeScale ?? 1);
  }

  timestamp(): string { return new Date(this.simNow()).toISOString(); }
  uuid(): string { return randomUUID(); }
  connector(id: number): ConnectorSim | undefined { return Number.isInteger(id) ? this.flow.connector(id) : undefined; }

  readings(c: ConnectorSim): Reading[] {
    return takeReadings({ kind: this.options.kind, energyRegisterWh: c.registerWh, powerW: c.powerW, soc: c.ev?.soc, offeredW: this.options.maxPowerW, wobble: c.wobble }, this.settings.measurands);
  }

  transactionAccepted(c: ConnectorSim, tx: SimTransaction): void {
    if (tx.id !== undefined) this.emit('transactionStarted', { connectorId: c.id, transactionId: tx.id, idToken: tx.idToken });
  }

  transactionDeauthorized(c: ConnectorSim, tx: SimTransaction): void {
    if (this.settings.stopTxOnInvalidId && c.tx === tx) this.flow.stop(c, 'DeAuthorized');
  }

  remoteStart(connectorId: number | undefined, idToken: string, idTokenType: string, remoteStartId?: number): (() => void) | undefined {
    return this.flow.remoteStart(connectorId, idToken, idTokenType, remoteStartId);
  }

  remoteStop(transactionId: string): (() => void) | undefined { return this.flow.remoteStop(transactionId); }
  unlock(c: ConnectorSim, stopTx: boolean): void { this.flow.unlock(c, stopTx); }
  changeAvailability(connectorId: number, operative: boolean): 'Accepted' | 'Scheduled' { return this.flow.changeAvailability(connectorId, operative); }

  reset(reason: StopReason, onIdle: boolean): { status: 'Accepted' | 'Scheduled'; after: () => void } {
    if (onIdle && this.flow.busy) {
      this.resetPending = true;
      return { status: 'Scheduled', after: () => undefined };
    }
    return { status: 'Accepted', after: () => { this.reboot(reason).catch(() => undefined); } };
  }

  triggerBoot(): void {
    this.bootReason = 'Triggered';
    this.sendBoot();
  }

  settingsChanged(): void {
    const sim = this.simNow();
    this.nextHeartbeatAt = Math.min(this.nextHeartbeatAt, sim + this.settings.heartbeatIntervalS * 1_000);
    for (const c of this.flow.connectors) {
      if (c.tx) c.tx.nextMeterAt = Math.min(c.tx.nextMeterAt, sim + this.settings.meterIntervalS * 1_000);
    }
  }

  reconnect(): void {
    if (!this.running || !this.link.connected) return;
    // Back after the short reboot pause, whatever the reconnect option says: the station did not fail.
    this.rebooting = true;
    this.link.close(1012, 'security profile changed');
  }

  private idle(): void {
    if (!this.resetPending) return;
    this.resetPending = false;
    this.reboot('Reboot').catch(() => undefined);
  }

  /** Reset: ends transactions, lets their messages go out, drops off the network and boots again. */
  private async reboot(reason: StopReason): Promise<void> {
    if (this.rebooting || !this.running) return;
    this.rebooting = true;
    this.resetPending = false;
    for (const c of this.flow.connectors) if (c.tx) this.flow.stop(c, reason);
    await this.link.whenIdle(3_000);
    this.flow.powerCycle();
    this.bootReason = 'RemoteReset';
    this.accepted = false;
    this.link.setOpen(false);
    if (this.link.connected) this.link.close(1012, 'reset');
    else this.reconnectAt = this.now() + REBOOT_PAUSE_MS;
  }
}
