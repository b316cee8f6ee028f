import { createHash, timingSafeEqual } from 'node:crypto';
import type { DomainEvent } from '../../bus/bus.js';
import type { AdmissionDecision, AdmissionRequest, DisconnectInfo } from '../../gateway/types.js';
import { OcppError } from '../../ocpp/index.js';
import { verifyPassword } from '../shared/passwords.js';
import { withEvents } from '../shared/with-events.js';
import { StationAdmin } from './station-admin.js';
import { checkCredentials } from './station-credentials.js';
import { StationLoginGuard } from './login-limiter.js';
import { seenChannel, statusChannel, type StatusItem } from './station-batches-repository.js';
import { StationNotifications } from './station-notifications.js';
import { findAdmission, insertStation, markConnected, markDisconnected, markNodeOffline, recordBoot } from './stations-repository.js';
import type { Admission, BootInfo, BootResult, StationProtocol, StationServiceDeps, StatusChange } from './stations.js';

/** Back-off of a disconnect whose write failed: about a minute in all. */
const DISCONNECT_RETRY_MS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000];

/**
 * Stations: who may connect (admission, security profile 1/2 passwords), their online state and
 * connection history, boots, heartbeats, connector status and the notifications they send, plus the
 * operator actions on them (`admin`-style methods inherited from StationAdmin).
 */
export class StationService extends StationAdmin {
  /** Admission of each station connected to this node, so the per-message check needs no query. */
  private readonly admissions = new Map<string, Admission>();
  /** Security profile decided at admission, recorded when the socket is registered. */
  private readonly profiles = new Map<string, number>();
  private readonly seenWrittenMs = new Map<string, number>();
  /** Passwords already verified against a given hash: scrypt is too costly to repeat on every reconnect. */
  private readonly verified = new Map<string, { hash: string; digest: Buffer }>();
  private readonly notifications: StationNotifications;
  private readonly unsubscribe: () => void;
  private readonly logins: StationLoginGuard;
  /** Disconnect writes waiting for a retry. */
  private readonly retries = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(deps: StationServiceDeps) {
    super(deps);
    this.logins = new StationLoginGuard(deps.clock, deps.settings.loginLimits);
    this.notifications = new StationNotifications(deps);
    // Approvals made on another node (or through the API) reach this node's cache as events.
    this.unsubscribe = deps.bus.subscribe((e) => this.onAdmissionEvent(e), ['station.admission', 'station.removed', 'station.credentials']);
  }

  /** Stops following admission events and retrying disconnects (the next start marks this node's stations offline). */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
  }

  /**
   * Decides whether a connecting station is let in: failed-login lockout first (no credential is checked
   * while locked), then the unknown-station policy, admission, and the credentials its security profile needs.
   */
  async admit(request: AdmissionRequest): Promise<AdmissionDecision> {
    const { stationId } = request;
    const retryAfterS = this.logins.retryAfterS(request.remoteAddress, stationId);
    if (retryAfterS > 0) {
      this.deps.logger.info({ stationId, remoteAddress: request.remoteAddress, retryAfterS }, 'station connection refused: too many failed logins');
      return { admit: false, status: 429, reason: 'too many failed logins', retryAfterS };
    }
    let row = await findAdmission(this.deps.db, stationId);
    if (!row) {
      const policy = this.deps.settings.unknownStations;
      if (policy === 'reject') return this.loginFailed(request, 404, 'unknown station', 0);
      row = await this.register(stationId, policy === 'pending' ? 'pending' : 'accepted');
    }
    if (row.admission === 'rejected' || row.admission === 'disabled') return this.refuse(request, 403, `station is ${row.admission}`);
    const check = await checkCredentials(request, row, (password, hash) => this.passwordMatches(stationId, password, hash));
    if (!check.ok) return this.loginFailed(request, check.status, check.reason, row.requiredProfile);
    const securityProfile = check.profile;
    this.logins.succeeded(stationId);
    this.admissions.set(stationId, row.admission);
    this.profiles.set(stationId, securityProfile);
    return { admit: true, securityProfile };
  }

  /** Records a new socket for the station on this node (it replaces any older one). */
  async connected(stationId: string, version: StationProtocol, remoteAddress: string): Promise<void> {
    const at = this.deps.clock.now();
    const admission = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const admission = await markConnected(trx, { stationId, nodeId: this.deps.nodeId, version, at, securityProfile: this.profiles.get(stationId) });
      const events = admission ? [this.event('station.connected', stationId, { version, remoteAddress, nodeId: this.deps.nodeId })] : [];
      return { result: admission, events };
    });
    this.profiles.delete(stationId);
    if (!admission) {
      this.deps.logger.warn({ stationId, remoteAddress }, 'connected station is not in the database');
      return;
    }
    this.admissions.set(stationId, admission);
    this.seenWrittenMs.set(stationId, at.getTime());
  }

  /**
   * Records a closed socket. A replaced socket leaves the station online: its successor already holds it.
   * When the write fails (the database briefly away, or its pool exhausted by thousands of stations
   * dropping at once), it is retried in the background with back-off, as of the same disconnect time, so
   * the station does not stay online in the store; a station that reconnected meanwhile is left alone.
   */
  async disconnected(stationId: string, info: DisconnectInfo, at: Date = this.deps.clock.now(), attempt = 0): Promise<void> {
    const closeReason = `${info.code}${info.reason ? ` ${info.reason}` : ''}`;
    let wentOffline = false;
    try {
      await withEvents(this.deps.db, this.deps.bus, async (trx) => {
        // The successor's `connected` closes the replaced socket's connection row.
        wentOffline = info.replaced ? false : await markDisconnected(trx, { stationId, nodeId: this.deps.nodeId, at, closeReason });
        const replaced = info.replaced || !wentOffline;
        return { result: undefined, events: [this.event('station.disconnected', stationId, { code: info.code, reason: info.reason, replaced })] };
      });
    } catch (error) {
      const delayMs = (this.deps.settings.disconnectRetryMs ?? DISCONNECT_RETRY_MS)[attempt];
      if (delayMs === undefined || this.closed) throw error;
      this.deps.logger.warn({ stationId, err: (error as Error).message, attempt: attempt + 1, retryInMs: delayMs }, 'recording a disconnect failed; retrying');
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        this.disconnected(stationId, info, at, attempt + 1).catch((e: Error) => this.deps.logger.error({ stationId, err: e.message }, 'recording a disconnect failed for good'));
      }, delayMs);
      timer.unref();
      this.retries.add(timer);
      return;
    }
    // A late retry must not forget a station that has reconnected since.
    if (!info.replaced && (attempt === 0 || wentOffline)) {
      this.admissions.delete(stationId);
      this.seenWrittenMs.delete(stationId);
    }
  }

  /** Notes activity from a station; writes last_seen_at at most once per interval per station, in batches. */
  seen(stationId: string): void {
    const nowMs = this.deps.clock.nowMs();
    const last = this.seenWrittenMs.get(stationId);
    if (last !== undefined && nowMs - last < (this.deps.settings.seenWriteIntervalMs ?? 60_000)) return;
    this.seenWrittenMs.set(stationId, nowMs);
    this.deps.committer.enqueue(seenChannel, [{ stationId, at: this.deps.clock.now() }]);
    // Not durable: the live view's "last seen" follows it at the same throttled rate.
    this.deps.bus.publish(this.event('station.seen', stationId, {}));
  }

  /** At server start: stations this node left online (it crashed or was killed) are offline now. */
  async markNodeOffline(nodeId: string = this.deps.nodeId): Promise<number> {
    const at = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const ids = await markNodeOffline(trx, nodeId, at);
      return { result: ids.length, events: ids.map((id) => this.event('station.disconnected', id, { code: 1006, reason: 'server restarted', replaced: false })) };
    });
  }

  /** Handles a BootNotification: stores the station's identity and answers by its admission (OCPP 1.6 4.2, 2.0.1 B01/B02). */
  async boot(stationId: string, version: StationProtocol, info: BootInfo): Promise<BootResult> {
    const at = this.deps.clock.now();
    const admission = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const admission = await recordBoot(trx, stationId, version, info, at);
      if (!admission) return { result: undefined, events: [] };
      const data = { version, reason: info.reason ?? null, vendor: info.vendor, model: info.model, serialNumber: info.serialNumber ?? null, firmwareVersion: info.firmwareVersion ?? null, admission };
      return { result: admission, events: [this.event('station.booted', stationId, data)] };
    });
    if (admission) this.admissions.set(stationId, admission);
    const status = admission === 'accepted' ? 'Accepted' : admission === 'pending' ? 'Pending' : 'Rejected';
    const intervalS = status === 'Accepted' ? this.deps.settings.heartbeatIntervalS : (this.deps.settings.bootRetryIntervalS ?? 60);
    return { status, intervalS, currentTime: at };
  }

  /**
   * Refuses messages from a station that is not accepted (yet): while Pending it may only send
   * BootNotification and Heartbeat (OCPP 1.6 4.2.1, 2.0.1 B02.FR.09). Synchronous: reads the in-memory cache.
   */
  assertAccepted(stationId: string): void {
    const admission = this.admissions.get(stationId);
    if (admission === 'accepted') return;
    throw new OcppError('SecurityError', admission === 'pending' ? 'station is pending approval; only BootNotification and Heartbeat are accepted' : `station is not accepted (${admission ?? 'unknown'})`);
  }

  /** Handles a Heartbeat: it counts as activity, and the answer is the server time. */
  heartbeat(stationId: string): Date {
    this.seen(stationId);
    return this.deps.clock.now();
  }

  /**
   * Records a StatusNotification (evseId 0: the station as a whole). Batched with other stations' in one
   * transaction; resolves after the commit. `current` is false when a newer status was already stored.
   */
  async statusChanged(stationId: string, change: StatusChange): Promise<{ current: boolean }> {
    const recordedAt = this.deps.clock.now();
    const common = { status: change.status, errorCode: change.errorCode ?? null, info: change.info ?? null, vendorErrorCode: change.vendorErrorCode ?? null, timestamp: change.timestamp.toISOString() };
    const event = change.evseId === 0
      ? this.event('station.status', stationId, common)
      : this.event('connector.status', stationId, { evseId: change.evseId, connectorId: change.connectorId, ...common });
    const item: StatusItem = {
      stationId, evseId: change.evseId, connectorId: change.connectorId, status: change.status, errorCode: change.errorCode ?? null,
      info: change.info ?? null, vendorId: change.vendorId ?? null, vendorErrorCode: change.vendorErrorCode ?? null, at: change.timestamp, recordedAt, event,
    };
    await this.deps.committer.submit(statusChannel, [item]);
    if (item.current) this.deps.bus.publish(item.event);
    return { current: item.current ?? false };
  }

  /** Firmware status (1.6 FirmwareStatusNotification / SignedFirmwareStatusNotification, 2.0.1 FirmwareStatusNotification). */
  firmwareStatus(stationId: string, input: { status: string; requestId?: number; signed?: boolean }): Promise<void> {
    return this.notifications.firmwareStatus(stationId, input);
  }

  /** Diagnostics upload status (1.6 DiagnosticsStatusNotification). */
  diagnosticsStatus(stationId: string, input: { status: string }): Promise<void> {
    return this.notifications.diagnosticsStatus(stationId, input);
  }

  /** Log upload status (LogStatusNotification). */
  logStatus(stationId: string, input: { status: string; requestId?: number }): Promise<void> {
    return this.notifications.logStatus(stationId, input);
  }

  /** A security event reported by the station (SecurityEventNotification). */
  securityEvent(stationId: string, input: { type: string; timestamp: Date; techInfo?: string }): Promise<void> {
    return this.notifications.securityEvent(stationId, input);
  }

  /** A DataTransfer from the station: recorded, and answered Accepted only for our own vendor id. */
  dataTransfer(stationId: string, input: { vendorId: string; messageId?: string; data?: unknown }): Promise<{ status: 'Accepted' | 'UnknownVendorId' }> {
    return this.notifications.dataTransfer(stationId, input);
  }

  /** 2.0.1 NotifyEvent: each eventData is stored and becomes a `station.event`. */
  stationEvents(stationId: string, input: Parameters<StationNotifications['stationEvents']>[1]): Promise<void> {
    return this.notifications.stationEvents(stationId, input);
  }

  /** 2.0.1 NotifyReport: the reported variables are kept per station (station_variables). */
  report(stationId: string, input: Parameters<StationNotifications['report']>[1]): Promise<void> {
    return this.notifications.report(stationId, input);
  }

  protected override admissionChanged(stationId: string, admission: Admission | undefined): void {
    if (admission === undefined) this.admissions.delete(stationId);
    else if (this.admissions.has(stationId)) this.admissions.set(stationId, admission);
    this.verified.delete(stationId);
  }

  private onAdmissionEvent(event: DomainEvent): void {
    if (!event.stationId) return;
    if (event.type === 'station.removed') this.admissionChanged(event.stationId, undefined);
    else if (event.type === 'station.credentials') this.verified.delete(event.stationId);
    else if (event.type === 'station.admission' && typeof event.data.admission === 'string') this.admissionChanged(event.stationId, event.data.admission as Admission);
  }

  private async register(stationId: string, admission: Admission): Promise<{ admission: Admission; passwordHash: string | null; requiredProfile: number }> {
    const created = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const station = await insertStation(trx, { id: stationId, admission, at: this.deps.clock.now() });
      return { result: station, events: station ? [this.event('station.created', stationId, { admission, source: 'connection' })] : [] };
    });
    if (created) {
      this.deps.logger.info({ stationId, admission }, 'unknown station registered');
      return { admission, passwordHash: null, requiredProfile: 0 };
    }
    // Another connection registered it a moment ago.
    return (await findAdmission(this.deps.db, stationId)) ?? { admission, passwordHash: null, requiredProfile: 0 };
  }

  private async passwordMatches(stationId: string, password: string, hash: string): Promise<boolean> {
    const digest = createHash('sha256').update(hash).update('\u0000').update(password).digest();
    const known = this.verified.get(stationId);
    if (known && known.hash === hash && timingSafeEqual(known.digest, digest)) return true;
    if (!(await verifyPassword(password, hash))) return false;
    this.verified.set(stationId, { hash, digest });
    return true;
  }

  /**
   * A failed station login: counted against the address and the identity, logged, and published as a
   * bus-only `station.login_failed` event (the alerts engine turns bursts into security incidents).
   */
  private loginFailed(request: AdmissionRequest, status: 401 | 403 | 404, reason: string, requiredProfile: number): AdmissionDecision {
    const locked = this.logins.failed(request.remoteAddress, request.stationId);
    if (locked.length > 0) this.deps.logger.warn({ stationId: request.stationId, remoteAddress: request.remoteAddress, locked }, 'station logins locked out after repeated failures');
    this.deps.bus.publish(this.event('station.login_failed', request.stationId, {
      address: request.remoteAddress, reason, status, profile: requiredProfile, tls: request.tls,
      clientCertificate: request.clientCertificate ? { commonName: request.clientCertificate.commonName ?? null, verified: request.clientCertificate.verified, source: request.clientCertificate.source } : null,
      locked,
    }));
    return this.refuse(request, status, reason, true);
  }

  private refuse(request: AdmissionRequest, status: 401 | 403 | 404, reason: string, loginFailure = false): AdmissionDecision {
    this.deps.logger.warn({ stationId: request.stationId, remoteAddress: request.remoteAddress, status, reason }, 'station connection refused');
    // Bus only: the knocking rule and the security timeline follow refusals; the log line above is the record.
    this.deps.bus.publish({
      type: 'station.admission_refused', at: this.deps.clock.now().toISOString(), stationId: request.stationId,
      data: { identity: request.stationId, address: request.remoteAddress, status, reason, loginFailure },
    });
    return { admit: false, status, reason };
  }
}
