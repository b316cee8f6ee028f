import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { SessionProgressView } from '../../http/api-types.js';
import { loadProgressSeeds, ProgressTracker } from '../sessions/index.js';
import type { Logger } from '../shared/logger.js';
import type { FleetSummary, LiveConnector, LiveSession, LiveSite, LiveStation, SiteStats } from './live.js';
import type { AttentionItem } from './attention.js';
import { FleetIndex } from './fleet-index.js';
import { loadLiveState } from './live-repository.js';
import { MaintenanceOverlay } from './maintenance-overlay.js';
import type { StationListPage, StationListQuery } from './station-list.js';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The event families the view follows. */
const FOLLOWED = ['station.', 'connector.', 'session.', 'meter.', 'site.', 'maintenance.'];

/**
 * The in-memory picture of every station, connector and running session. Rebuilt from the database at
 * start, then kept current by consuming bus events only (it never polls tables).
 */
export class LiveView {
  private readonly stationsById = new Map<string, LiveStation>();
  private readonly sessionsById = new Map<number, LiveSession>();
  private readonly sitesById = new Map<string, LiveSite>();
  /** Counts, list entries and attention candidates, updated per changed station (filled once the state is loaded). */
  private readonly index = new FleetIndex();
  private indexed = false;
  /** Averages, peaks, idle time and time-to-full of running sessions; its `session.progress` events go on the bus. */
  private readonly progress: ProgressTracker;
  /** Maintenance windows in force, shown on the connectors they cover. */
  private readonly maintenance = new MaintenanceOverlay();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: { db: Kysely<Database>; bus: Bus; logger: Logger; progressIntervalMs?: number }) {
    this.progress = new ProgressTracker(deps.progressIntervalMs);
  }

  /** Loads the state and starts following events. Events arriving during the load are applied after it. */
  async start(): Promise<void> {
    const early: DomainEvent[] = [];
    this.unsubscribe = this.deps.bus.subscribe((e) => early.push(e), FOLLOWED);
    const [state, seeds] = await Promise.all([loadLiveState(this.deps.db), loadProgressSeeds(this.deps.db)]);
    for (const s of seeds) this.progress.seed(s);
    for (const s of state.sites) this.sitesById.set(s.id, s);
    this.maintenance.load(state.maintenance);
    for (const s of state.stations) {
      this.maintenance.refresh(s);
      this.stationsById.set(s.id, s);
    }
    for (const s of state.sessions) this.attachSession(s);
    this.index.rebuild(this.stationsById.values());
    this.indexed = true;
    this.unsubscribe();
    for (const e of early) this.apply(e);
    this.unsubscribe = this.deps.bus.subscribe((e) => this.apply(e), FOLLOWED);
    this.deps.logger.info({ stations: this.stationsById.size, activeSessions: this.sessionsById.size }, 'live view loaded');
  }

  stop(): void {
    this.unsubscribe?.();
  }

  station(id: string): LiveStation | undefined {
    return this.stationsById.get(id);
  }

  stations(): IterableIterator<LiveStation> {
    return this.stationsById.values();
  }

  activeSessions(): IterableIterator<LiveSession> {
    return this.sessionsById.values();
  }

  session(id: number): LiveSession | undefined {
    return this.sessionsById.get(id);
  }

  /** Live progress of a running session at `nowMs`, or undefined when it is not running. */
  sessionProgress(id: number, nowMs: number): SessionProgressView | undefined {
    return this.progress.view(id, nowMs);
  }

  site(id: string): LiveSite | undefined {
    return this.sitesById.get(id);
  }

  /** Stations, online stations, power and running sessions per site, in one pass over the fleet. */
  siteStats(): Map<string, SiteStats> {
    const stats = new Map<string, SiteStats>();
    const of = (siteId: string) => {
      let s = stats.get(siteId);
      if (!s) stats.set(siteId, (s = { stationCount: 0, onlineCount: 0, powerW: 0, activeSessions: 0 }));
      return s;
    };
    for (const station of this.stationsById.values()) {
      if (!station.siteId) continue;
      const s = of(station.siteId);
      s.stationCount++;
      if (station.online) s.onlineCount++;
    }
    for (const session of this.sessionsById.values()) {
      const siteId = this.stationsById.get(session.stationId)?.siteId;
      if (!siteId) continue;
      const s = of(siteId);
      s.activeSessions++;
      s.powerW += session.powerW ?? 0;
    }
    return stats;
  }

  /** A filtered, ordered page of stations, served from memory by the index (the narrowest filter's stations, or all in id order). */
  listStations(query: StationListQuery): StationListPage {
    return this.index.query(query);
  }

  /** Counts across the fleet, kept by the index as stations change; only running sessions' power is added up here. */
  summary(): FleetSummary {
    let powerW = 0;
    for (const session of this.sessionsById.values()) powerW += session.powerW ?? 0;
    return { ...this.index.counts(), activeSessions: this.sessionsById.size, powerW };
  }

  /** The first `limit` stations needing an operator's look (faulted, offline, unavailable, pending), worst first; kept in order by the index. */
  needingAttention(limit: number): AttentionItem[] {
    return this.index.needingAttention(limit);
  }

  /** Applies one event; unknown types are ignored. */
  apply(event: DomainEvent): void {
    const data = event.data as Data;
    const progress = this.progress.apply(event);
    if (progress) this.deps.bus.publish(progress);
    if (event.type.startsWith('site.')) {
      this.applySite(event.type, data);
      return;
    }
    const id = event.stationId;
    if (!id) return;
    switch (event.type) {
      case 'station.created': {
        const s = this.ensureStation(id);
        s.admission = str(data.admission) ?? s.admission;
        if ('name' in data) s.name = str(data.name);
        if ('siteId' in data) s.siteId = str(data.siteId);
        break;
      }
      case 'station.updated': {
        const s = this.ensureStation(id);
        if ('name' in data) s.name = str(data.name);
        if ('siteId' in data) s.siteId = str(data.siteId);
        break;
      }
      case 'station.seen':
        this.ensureStation(id).lastSeenAt = event.at;
        break;
      case 'station.connected':
        this.ensureStation(id).online = true;
        this.ensureStation(id).protocol = str(data.version) ?? this.ensureStation(id).protocol;
        this.ensureStation(id).lastSeenAt = event.at;
        break;
      case 'station.disconnected':
        if (data.replaced !== true) Object.assign(this.ensureStation(id), { online: false, disconnectedAt: event.at });
        break;
      case 'station.booted': {
        const s = this.ensureStation(id);
        s.vendor = str(data.vendor) ?? s.vendor;
        s.model = str(data.model) ?? s.model;
        s.firmwareVersion = str(data.firmwareVersion) ?? s.firmwareVersion;
        s.lastSeenAt = event.at;
        break;
      }
      case 'station.admission':
        this.ensureStation(id).admission = str(data.admission) ?? this.ensureStation(id).admission;
        break;
      case 'maintenance.started':
      case 'maintenance.ended':
        if (this.maintenance.apply(event)) this.maintenance.refresh(this.ensureStation(id));
        break;
      case 'station.removed':
        this.stationsById.delete(id);
        break;
      case 'connector.status': {
        const c = this.ensureConnector(id, num(data.evseId) ?? 0, num(data.connectorId) ?? 0);
        c.reportedStatus = str(data.status) ?? c.reportedStatus;
        c.status = effectiveStatus(c.reportedStatus, c.sessionId === null ? null : this.sessionsById.get(c.sessionId)?.chargingState ?? null);
        c.errorCode = str(data.errorCode);
        c.info = str(data.info);
        c.vendorErrorCode = str(data.vendorErrorCode);
        c.statusAt = str(data.timestamp) ?? event.at;
        break;
      }
      case 'session.started':
        if (event.sessionId !== undefined) {
          this.attachSession({
            id: event.sessionId, stationId: id, evseId: num(data.evseId) ?? 0, connectorId: num(data.connectorId) ?? 1,
            idToken: str(data.idToken), startedAt: str(data.startedAt) ?? event.at, energyWh: num(data.energyWh) ?? 0,
            powerW: null, soc: null, lastSampleAt: null, chargingState: str(data.chargingState),
          });
        }
        break;
      case 'session.updated': {
        const session = event.sessionId !== undefined ? this.sessionsById.get(event.sessionId) : undefined;
        const chargingState = str(data.chargingState);
        if (session && chargingState) {
          session.chargingState = chargingState;
          this.syncConnector(session);
        }
        break;
      }
      case 'session.stopped':
        if (event.sessionId !== undefined) this.detachSession(event.sessionId);
        break;
      case 'meter.sample': {
        const sessionId = num(data.sessionId) ?? event.sessionId;
        const session = sessionId !== null && sessionId !== undefined ? this.sessionsById.get(sessionId) : undefined;
        if (session) {
          session.energyWh = num(data.energyWh) ?? session.energyWh;
          session.powerW = num(data.powerW) ?? session.powerW;
          session.soc = num(data.soc) ?? session.soc;
          session.lastSampleAt = str(data.at) ?? event.at;
          this.syncConnector(session);
        }
        // The most frequent event by far: syncConnector reindexes the station when the index is affected.
        return;
      }
      default:
        // Nothing here changes what the index holds: session.progress (the tracker's own, every few seconds
        // per running session) reindexed the station for nothing, and built its entry's parts anew each time.
        return;
    }
    this.reindex(id);
  }

  /** Brings the index up to date with one station (or forgets it when it is gone). */
  private reindex(id: string): void {
    if (!this.indexed) return;
    const s = this.stationsById.get(id);
    if (s) this.index.update(s);
    else this.index.delete(id);
  }

  private ensureStation(id: string): LiveStation {
    let s = this.stationsById.get(id);
    if (!s) {
      s = {
        id, name: null, admission: 'accepted', protocol: null, vendor: null, model: null, firmwareVersion: null, simulated: false, online: false,
        lastSeenAt: null, disconnectedAt: null, siteId: null, connectors: [],
      };
      this.stationsById.set(id, s);
    }
    return s;
  }

  private ensureConnector(stationId: string, evseId: number, connectorId: number): LiveConnector {
    const s = this.ensureStation(stationId);
    // A loop, not find(): this runs for every meter sample, and the predicate was a new closure each time.
    let c: LiveConnector | undefined;
    for (let i = 0; i < s.connectors.length; i++) {
      const x = s.connectors[i]!;
      if (x.evseId === evseId && x.connectorId === connectorId) {
        c = x;
        break;
      }
    }
    if (!c) {
      c = { evseId, connectorId, status: 'Unknown', reportedStatus: 'Unknown', errorCode: null, info: null, vendorErrorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null };
      c.maintenance = this.maintenance.of(stationId, evseId);
      s.connectors.push(c);
      s.connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
    }
    return c;
  }

  private applySite(type: string, data: Data): void {
    const siteId = str(data.siteId);
    if (!siteId) return;
    if (type === 'site.removed') {
      this.sitesById.delete(siteId);
      for (const s of this.stationsById.values()) if (s.siteId === siteId) s.siteId = null;
    } else if (type === 'site.created' || type === 'site.updated') {
      const known = this.sitesById.get(siteId);
      this.sitesById.set(siteId, { id: siteId, name: str(data.name) ?? known?.name ?? '', maxPowerKw: 'maxPowerKw' in data ? num(data.maxPowerKw) : known?.maxPowerKw ?? null });
    }
  }

  private attachSession(session: LiveSession): void {
    this.sessionsById.set(session.id, session);
    this.syncConnector(session);
  }

  private detachSession(id: number): void {
    const session = this.sessionsById.get(id);
    this.sessionsById.delete(id);
    if (!session) return;
    const c = this.stationsById.get(session.stationId)?.connectors.find((x) => x.sessionId === id);
    if (c) Object.assign(c, { sessionId: null, powerW: null, energyWh: null, soc: null, status: c.reportedStatus });
    this.reindex(session.stationId);
  }

  private syncConnector(session: LiveSession): void {
    const c = this.ensureConnector(session.stationId, session.evseId, session.connectorId);
    // What the fleet index reads of a connector: its status, its session, and whether it draws power.
    const wasSession = c.sessionId;
    const wasStatus = c.status;
    const wasDrawing = (c.powerW ?? 0) > 0;
    c.sessionId = session.id;
    c.powerW = session.powerW;
    c.energyWh = session.energyWh;
    c.soc = session.soc;
    c.status = effectiveStatus(c.reportedStatus, session.chargingState);
    if (c.sessionId !== wasSession || c.status !== wasStatus || (c.powerW ?? 0) > 0 !== wasDrawing) this.reindex(session.stationId);
  }
}

/** 2.0.1 reports `Occupied` for every plugged-in state; its transaction's charging state says which. */
const OCCUPIED_AS: Readonly<Record<string, string>> = { Charging: 'Charging', SuspendedEV: 'SuspendedEV', SuspendedEVSE: 'SuspendedEVSE', EVConnected: 'Preparing' };

/** The status to show for a connector, given what it reported and its session's charging state. */
export function effectiveStatus(reported: string, chargingState: string | null): string {
  return reported === 'Occupied' && chargingState ? (OCCUPIED_AS[chargingState] ?? reported) : reported;
}
