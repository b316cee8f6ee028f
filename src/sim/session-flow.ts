import { chargeEv, createEv, evFull } from './ev-model.js';
import type { ConnectorSim, ProtocolAdapter, SimTransaction } from './protocol.js';
import type { SimSettings } from './sim-settings.js';
import type { ConnectorStatus, PlugInOptions, SimStationEvents, SimStationOptions, StopReason } from './types.js';

/** What the session logic needs from its station. */
export interface FlowHost {
  readonly options: Readonly<SimStationOptions>;
  readonly settings: SimSettings;
  readonly adapter: ProtocolAdapter;
  isOnline(): boolean;
  /** The token's status on the local authorization list, or undefined when it is not listed. */
  listed?(idToken: string): string | undefined;
  random(): number;
  simNow(): number;
  uuid(): string;
  emit<K extends keyof SimStationEvents>(event: K, data: SimStationEvents[K]): void;
  /** The last transaction ended (a reset may be waiting for it). */
  idle(): void;
}

const FAULT_CODES = ['GroundFailure', 'HighTemperature', 'OverCurrentFailure', 'PowerMeterFailure', 'UnderVoltage', 'OtherError'];
const MINUTE = 60_000;

/** Exponential waiting time in ms for an event rate given per hour: Poisson arrivals. */
function expWaitMs(random: () => number, perHour: number): number {
  if (perHour <= 0) return Number.POSITIVE_INFINITY;
  return (-Math.log(1 - random()) / perHour) * 3_600_000;
}

/**
 * The charging sessions of one station, version-neutral: EVs arrive and leave, tokens are presented,
 * transactions start, meter, stop; connectors fault and recover. Wire messages go through the adapter.
 */
export class SessionFlow {
  readonly connectors: ConnectorSim[] = [];

  constructor(private readonly host: FlowHost) {
    const now = host.simNow();
    for (let id = 1; id <= host.options.connectors; id++) {
      this.connectors.push({
        id, status: 'Available', errorCode: 'NoError', operative: true, sessionDone: false,
        registerWh: Math.round(1_000_000 + host.random() * 49_000_000), powerW: 0, lastAdvanceAt: now,
        nextArrivalAt: now + expWaitMs(host.random, this.arrivalsPerHour),
        nextFaultAt: now + expWaitMs(host.random, host.options.faultRate),
        wobble: host.random() * 2 - 1,
      });
    }
  }

  private get arrivalsPerHour(): number {
    return this.host.options.autoCharge ? (this.host.options.arrivalsPerHour ?? 2) : 0;
  }

  /** The connector with this id, if any. */
  connector(id: number): ConnectorSim | undefined {
    return this.connectors[id - 1];
  }

  /** Connector by id or a thrown error naming it (public API misuse). */
  need(id: number): ConnectorSim {
    const c = this.connector(id);
    if (!c) throw new RangeError(`station ${this.host.options.id} has no connector ${id}`);
    return c;
  }

  /** True when a transaction runs on any connector. */
  get busy(): boolean {
    return this.connectors.some((c) => c.tx !== undefined);
  }

  /** The status a connector without a running transaction should show. */
  private restingStatus(c: ConnectorSim): ConnectorStatus {
    if (c.fault) return 'Faulted';
    if (!c.operative) return 'Unavailable';
    if (c.ev) return c.sessionDone ? 'Finishing' : 'Preparing';
    return 'Available';
  }

  /** Sets and reports a status. */
  setStatus(c: ConnectorSim, status: ConnectorStatus): void {
    if (c.status === status) return;
    c.status = status;
    this.host.adapter.statusChanged(c);
    this.host.emit('status', { connectorId: c.id, status, errorCode: c.errorCode });
  }

  /** An EV arrives and is plugged in. False when the connector cannot take it. */
  plugIn(id: number, opts: PlugInOptions = {}, authDelayS = 0): boolean {
    const c = this.need(id);
    if (c.ev || c.tx || c.fault || !c.operative) return false;
    c.ev = createEv(this.host.random, this.host.options.kind, opts);
    c.sessionDone = false;
    this.setStatus(c, 'Preparing');
    if (opts.idToken !== undefined) {
      c.authToken = opts.idToken;
      c.authAt = this.host.simNow() + authDelayS * 1_000;
    }
    return true;
  }

  /** The EV leaves: a running transaction stops with EVDisconnected first. */
  unplug(id: number): void {
    const c = this.need(id);
    if (c.tx) this.stop(c, 'EVDisconnected');
    c.ev = undefined;
    c.sessionDone = false;
    c.departAt = undefined;
    c.authAt = undefined;
    this.setStatus(c, this.restingStatus(c));
  }

  /**
   * Presents a token (Authorize, or local acceptance while offline) and starts a transaction.
   * Remote starts come through here too when the station authorizes them (AuthorizeRemoteTxRequests).
   */
  async authorizeAndStart(
    id: number, idToken: string,
    how: { idTokenType: string; trigger: SimTransaction['trigger']; remoteStartId?: number } = { idTokenType: 'ISO14443', trigger: 'Authorized' },
  ): Promise<string | undefined> {
    const c = this.need(id);
    if (c.tx || c.fault || !c.operative) return undefined;
    if (!c.ev && !this.plugIn(id)) return undefined;
    // Offline, a token on the local list is decided by its entry; others as LocalAuthorizeOffline says.
    const listed = this.host.listed?.(idToken);
    const offline = () => this.host.settings.localAuthorizeOffline && (listed === undefined || listed === 'Accepted');
    let accepted = offline();
    if (this.host.isOnline()) {
      try {
        accepted = await this.host.adapter.authorize(idToken);
      } catch {
        accepted = offline();
      }
    }
    if (!c.ev || c.tx || c.fault || !c.operative) return undefined;
    if (!accepted) {
      this.leaveAfter(c, c.ev.departAfterS);
      return undefined;
    }
    return this.start(c, idToken, how.idTokenType, how.trigger, how.remoteStartId);
  }

  /** Starts a transaction for the EV on the connector; returns its id when already known. */
  start(c: ConnectorSim, idToken: string, idTokenType: string, trigger: SimTransaction['trigger'], remoteStartId?: number): string | undefined {
    const now = this.host.simNow();
    const v201 = this.host.options.version === '2.0.1';
    const tx: SimTransaction = {
      id: v201 ? this.host.uuid() : undefined, idToken, idTokenType, trigger, remoteStartId,
      startedAt: now, meterStartWh: Math.floor(c.registerWh), seqNo: 0, ended: false,
      nextMeterAt: now + this.host.settings.meterIntervalS * 1_000,
    };
    c.tx = tx;
    c.authAt = undefined;
    c.departAt = undefined;
    c.lastAdvanceAt = now;
    c.status = c.ev && !evFull(c.ev) ? 'Charging' : 'SuspendedEV';
    this.host.adapter.txStarted(c, tx);
    this.host.adapter.statusChanged(c);
    this.host.emit('status', { connectorId: c.id, status: c.status, errorCode: c.errorCode });
    if (tx.id !== undefined) this.host.emit('transactionStarted', { connectorId: c.id, transactionId: tx.id, idToken });
    if (c.status === 'SuspendedEV' && c.ev) this.leaveAfter(c, c.ev.departAfterS);
    return tx.id;
  }

  /** Ends the running transaction on a connector. False when none runs. */
  stop(c: ConnectorSim, reason: StopReason): boolean {
    const tx = c.tx;
    if (!tx) return false;
    this.advance(c, this.host.simNow());
    tx.ended = true;
    c.powerW = 0;
    this.host.adapter.txEnded(c, tx, reason);
    c.tx = undefined;
    this.host.emit('transactionStopped', {
      connectorId: c.id, transactionId: tx.id ?? '', reason, energyWh: Math.floor(c.registerWh) - tx.meterStartWh,
    });
    if (c.ev) {
      c.sessionDone = true;
      this.leaveAfter(c, c.ev.departAfterS);
    }
    this.setStatus(c, this.restingStatus(c));
    if (!this.busy) this.host.idle();
    return true;
  }

  private leaveAfter(c: ConnectorSim, seconds: number): void {
    c.departAt = Number.isFinite(seconds) ? this.host.simNow() + seconds * 1_000 : undefined;
  }

  /**
   * Puts a connector in fault (stopping its transaction; the EV leaves) until `recoverAt` (sim ms) or until
   * cleared; with `clearedByReset`, a reboot of the station (Reset) ends it too.
   */
  fault(c: ConnectorSim, errorCode: string, recoverAt?: number, clearedByReset = false): void {
    if (c.tx) this.stop(c, errorCode === 'GroundFailure' ? 'GroundFault' : errorCode === 'OverCurrentFailure' ? 'OvercurrentFault' : 'Other');
    c.ev = undefined;
    c.sessionDone = false;
    c.departAt = undefined;
    c.authAt = undefined;
    c.fault = { recoverAt, clearedByReset };
    c.errorCode = errorCode;
    if (c.status === 'Faulted') this.host.adapter.statusChanged(c);
    this.setStatus(c, 'Faulted');
  }

  /** Ends a fault. */
  clearFault(c: ConnectorSim): void {
    if (!c.fault) return;
    c.fault = undefined;
    c.errorCode = 'NoError';
    this.setStatus(c, this.restingStatus(c));
  }

  /** Applies availability; a running session finishes first ('Scheduled'). */
  setAvailability(c: ConnectorSim, operative: boolean): 'Accepted' | 'Scheduled' {
    c.operative = operative;
    if (c.tx) return operative ? 'Accepted' : 'Scheduled';
    if (!operative && c.ev) {
      c.ev = undefined;
      c.sessionDone = false;
      c.departAt = undefined;
      c.authAt = undefined;
    }
    this.setStatus(c, this.restingStatus(c));
    return 'Accepted';
  }

  /** Accepts a remote start on a free connector (any free one if none is named): returns what to run after the answer. */
  remoteStart(connectorId: number | undefined, idToken: string, idTokenType: string, remoteStartId?: number): (() => void) | undefined {
    const free = (x: ConnectorSim | undefined): x is ConnectorSim => !!x && !x.tx && !x.fault && x.operative && !x.sessionDone;
    const c = connectorId !== undefined ? this.connector(connectorId) : this.connectors.find(free);
    if (!free(c)) return undefined;
    return () => {
      if (!c.ev && !this.plugIn(c.id)) return;
      const how = { idTokenType, trigger: 'RemoteStart' as const, remoteStartId };
      if (this.host.settings.authorizeRemoteTx) this.authorizeAndStart(c.id, idToken, how).catch(() => undefined);
      else this.start(c, idToken, idTokenType, 'RemoteStart', remoteStartId);
    };
  }

  /** Accepts a remote stop of a running transaction: returns what to run after the answer, or undefined. */
  remoteStop(transactionId: string): (() => void) | undefined {
    const c = this.connectors.find((x) => x.tx !== undefined && x.tx.id === transactionId);
    return c ? () => { this.stop(c, 'Remote'); } : undefined;
  }

  /** Releases the cable (the EV leaves); a running transaction is stopped first when `stopTx`. */
  unlock(c: ConnectorSim, stopTx: boolean): void {
    if (c.tx && stopTx) this.stop(c, 'UnlockCommand');
    if (c.ev && !c.tx) this.unplug(c.id);
  }

  /** Availability for one connector or, with 0, all of them. */
  changeAvailability(connectorId: number, operative: boolean): 'Accepted' | 'Scheduled' {
    const targets = connectorId === 0 ? this.connectors : [this.need(connectorId)];
    const results = targets.map((c) => this.setAvailability(c, operative));
    return results.includes('Scheduled') ? 'Scheduled' : 'Accepted';
  }

  /** A reboot: EVs and pending authorizations are forgotten; every status is reported again after the boot. */
  powerCycle(): void {
    for (const c of this.connectors) {
      if (c.fault?.clearedByReset) {
        c.fault = undefined;
        c.errorCode = 'NoError';
      }
      c.ev = undefined;
      c.sessionDone = false;
      c.departAt = undefined;
      c.authAt = undefined;
      c.powerW = 0;
      c.reported = undefined;
      c.status = this.restingStatus(c);
    }
  }

  /** Integrates charging up to `now`; DC stations share their rated power across charging connectors. */
  private advance(c: ConnectorSim, now: number, shareW = Number.POSITIVE_INFINITY): void {
    const seconds = (now - c.lastAdvanceAt) / 1_000;
    c.lastAdvanceAt = now;
    if (c.status !== 'Charging' || !c.ev || seconds <= 0) {
      if (c.status !== 'Charging') c.powerW = 0;
      return;
    }
    const { energyWh, powerW } = chargeEv(c.ev, Math.min(this.host.options.maxPowerW, shareW), seconds);
    c.registerWh += energyWh;
    c.powerW = powerW;
  }

  /** One step of simulated time for every connector. */
  tick(now: number): void {
    const opts = this.host.options;
    let shareW = Number.POSITIVE_INFINITY;
    if (opts.kind === 'DC') {
      const charging = this.connectors.reduce((n, c) => n + (c.status === 'Charging' ? 1 : 0), 0);
      if (charging > 1) shareW = opts.maxPowerW / charging;
    }
    for (const c of this.connectors) {
      this.advance(c, now, shareW);
      const tx = c.tx;
      if (tx) {
        if (c.status === 'Charging' && c.ev && evFull(c.ev)) {
          this.setStatus(c, 'SuspendedEV');
          this.leaveAfter(c, c.ev.departAfterS);
        }
        if (now >= tx.nextMeterAt) {
          this.host.adapter.txMeter(c, tx, 'MeterValuePeriodic');
          tx.nextMeterAt = Math.max(tx.nextMeterAt + this.host.settings.meterIntervalS * 1_000, now);
        }
      }
      if (c.authAt !== undefined && now >= c.authAt) {
        const token = c.authToken ?? '';
        c.authAt = undefined;
        this.authorizeAndStart(c.id, token).catch(() => undefined);
      }
      if (c.departAt !== undefined && now >= c.departAt) this.unplug(c.id);
      if (c.fault?.recoverAt !== undefined && now >= c.fault.recoverAt) this.clearFault(c);
      if (now >= c.nextFaultAt) {
        if (!c.fault && c.operative) {
          const code = FAULT_CODES[Math.floor(this.host.random() * FAULT_CODES.length)];
          // Half of the faults are the kind a reboot fixes (what remote remediation is for); the rest wait for repair.
          this.fault(c, code, now + (2 + this.host.random() * 18) * MINUTE, this.host.random() < 0.5);
        }
        c.nextFaultAt = now + expWaitMs(this.host.random, opts.faultRate);
      }
      if (now >= c.nextArrivalAt) {
        if (c.status === 'Available' && opts.idTokens.length > 0) {
          const token = opts.idTokens[Math.floor(this.host.random() * opts.idTokens.length)];
          this.plugIn(c.id, { idToken: token, departAfterS: 60 + this.host.random() * 1_200 }, 5 + this.host.random() * 25);
        }
        c.nextArrivalAt = now + expWaitMs(this.host.random, this.arrivalsPerHour);
      }
    }
  }
}
