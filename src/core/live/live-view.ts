import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../shared/logger.js';
import type { FleetSummary, LiveConnector, LiveSession, LiveStation } from './live.js';
import { loadLiveState } from './live-repository.js';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The in-memory picture of every station, connector and running session. Rebuilt from the database at
 * start, then kept current by consuming bus events only (it never polls tables).
 */
export class LiveView {
  private readonly stationsById = new Map<string, LiveStation>();
  private readonly sessionsById = new Map<number, LiveSession>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: { db: Kysely<Database>; bus: Bus; logger: Logger }) {}

  /** Loads the state and starts following events. Events arriving during the load are applied after it. */
  async start(): Promise<void> {
    const early: DomainEvent[] = [];
    this.unsubscribe = this.deps.bus.subscribe((e) => early.push(e), ['station.', 'connector.', 'session.', 'meter.']);
    const state = await loadLiveState(this.deps.db);
    for (const s of state.stations) this.stationsById.set(s.id, s);
    for (const s of state.sessions) this.attachSession(s);
    this.unsubscribe();
    for (const e of early) this.apply(e);
    this.unsubscribe = this.deps.bus.subscribe((e) => this.apply(e), ['station.', 'connector.', 'session.', 'meter.']);
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

  /** Counts across the fleet, computed on demand (O(stations)). */
  summary(): FleetSummary {
    const summary: FleetSummary = { stations: 0, online: 0, offline: 0, pending: 0, connectorsByStatus: {}, activeSessions: this.sessionsById.size, powerW: 0 };
    for (const s of this.stationsById.values()) {
      summary.stations++;
      if (s.admission === 'pending') summary.pending++;
      if (s.online) summary.online++;
      else summary.offline++;
      for (const c of s.connectors) summary.connectorsByStatus[c.status] = (summary.connectorsByStatus[c.status] ?? 0) + 1;
    }
    for (const session of this.sessionsById.values()) summary.powerW += session.powerW ?? 0;
    return summary;
  }

  /** Applies one event; unknown types are ignored. */
  apply(event: DomainEvent): void {
    const data = event.data as Data;
    const id = event.stationId;
    if (!id) return;
    switch (event.type) {
      case 'station.connected':
        this.ensureStation(id).online = true;
        this.ensureStation(id).protocol = str(data.version) ?? this.ensureStation(id).protocol;
        this.ensureStation(id).lastSeenAt = event.at;
        break;
      case 'station.disconnected':
        if (data.replaced !== true) this.ensureStation(id).online = false;
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
      case 'station.removed':
        this.stationsById.delete(id);
        break;
      case 'connector.status': {
        const c = this.ensureConnector(id, num(data.evseId) ?? 0, num(data.connectorId) ?? 0);
        c.status = str(data.status) ?? c.status;
        c.errorCode = str(data.errorCode);
        c.statusAt = str(data.timestamp) ?? event.at;
        break;
      }
      case 'session.started':
        if (event.sessionId !== undefined) {
          this.attachSession({
            id: event.sessionId, stationId: id, evseId: num(data.evseId) ?? 0, connectorId: num(data.connectorId) ?? 1,
            idToken: str(data.idToken), startedAt: str(data.startedAt) ?? event.at, energyWh: num(data.energyWh) ?? 0,
            powerW: null, soc: null, lastSampleAt: null,
          });
        }
        break;
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
        break;
      }
      default:
        break;
    }
  }

  private ensureStation(id: string): LiveStation {
    let s = this.stationsById.get(id);
    if (!s) {
      s = { id, name: null, admission: 'accepted', protocol: null, vendor: null, model: null, firmwareVersion: null, simulated: false, online: false, lastSeenAt: null, connectors: [] };
      this.stationsById.set(id, s);
    }
    return s;
  }

  private ensureConnector(stationId: string, evseId: number, connectorId: number): LiveConnector {
    const s = this.ensureStation(stationId);
    let c = s.connectors.find((x) => x.evseId === evseId && x.connectorId === connectorId);
    if (!c) {
      c = { evseId, connectorId, status: 'Unknown', errorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null };
      s.connectors.push(c);
      s.connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
    }
    return c;
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
    if (c) Object.assign(c, { sessionId: null, powerW: null, energyWh: null, soc: null });
  }

  private syncConnector(session: LiveSession): void {
    const c = this.ensureConnector(session.stationId, session.evseId, session.connectorId);
    c.sessionId = session.id;
    c.powerW = session.powerW;
    c.energyWh = session.energyWh;
    c.soc = session.soc;
  }
}
