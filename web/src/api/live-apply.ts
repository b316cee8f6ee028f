/**
 * Pure functions that fold one live event into the cached API views (stations, sessions, samples), so
 * the caches stay exact between fetches. They return the same object when the event does not apply,
 * which lets React skip re-rendering.
 */
import type { ConnectorLive, ConnectorMaintenance, LiveEvent, SampleSeries, SessionProgressView, SessionView, StationListItem } from './types.js';

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Connector statuses from the worst (shown first) to the best, as the station list summarises them. */
const STATUS_RANK = ['Faulted', 'Unavailable', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Preparing', 'Occupied', 'Reserved', 'Available'];

/** The station's summary status: its worst connector status (null without connectors). */
export function worstStatus(connectors: readonly ConnectorLive[]): string | null {
  let best: string | null = null;
  let bestRank = Infinity;
  for (const c of connectors) {
    const index = STATUS_RANK.indexOf(c.status);
    const rank = index === -1 ? STATUS_RANK.length : index;
    if (rank < bestRank) {
      bestRank = rank;
      best = c.status;
    }
  }
  return best;
}

function emptyConnector(evseId: number, connectorId: number): ConnectorLive {
  return { evseId, connectorId, status: 'Unknown', errorCode: null, info: null, vendorErrorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null };
}

function findConnector(connectors: readonly ConnectorLive[], evseId: number | null, connectorId: number | null): number {
  const exact = connectors.findIndex((c) => c.evseId === evseId && c.connectorId === connectorId);
  if (exact !== -1 || evseId === null) return exact;
  return connectors.findIndex((c) => c.evseId === evseId);
}

function withConnectors<T extends StationListItem>(station: T, connectors: ConnectorLive[], extra: Partial<StationListItem> = {}): T {
  const powerW = connectors.reduce((sum, c) => sum + (c.powerW ?? 0), 0);
  return { ...station, ...extra, connectors, powerW, status: worstStatus(connectors) };
}

/**
 * A maintenance window starting or ending on a station's connectors: a station-wide window (evseId null) covers
 * every port and is shown over a port's own, as the server's view does; an ending window leaves the ports it was
 * shown on. Whether another window still covers such a port only the server knows (the detail is refetched).
 */
function applyMaintenance<T extends StationListItem>(station: T, event: LiveEvent): T {
  const d: Data = event.data;
  const windowId = num(d.windowId);
  if (windowId === null) return station;
  const evseId = num(d.evseId);
  const started: ConnectorMaintenance = { windowId, reason: str(d.reason) ?? '', endsAt: str(d.endsAt) };
  let changed = false;
  const connectors = station.connectors.map((c) => {
    let next = c.maintenance ?? null;
    if (event.type === 'maintenance.started' && (evseId === null || (c.evseId === evseId && next === null))) next = started;
    if (event.type === 'maintenance.ended' && next?.windowId === windowId) next = null;
    if (next === (c.maintenance ?? null)) return c;
    changed = true;
    return { ...c, maintenance: next };
  });
  return changed ? { ...station, connectors } : station;
}

/** Applies a live event to a station (list item or detail). */
export function applyToStation<T extends StationListItem>(station: T, event: LiveEvent): T {
  if (event.stationId !== station.id) return station;
  const d: Data = event.data;
  switch (event.type) {
    case 'station.connected':
      return { ...station, online: true, lastSeenAt: event.at, protocol: (str(d.version) as T['protocol']) ?? station.protocol };
    case 'station.disconnected':
      return d.replaced === true ? station : { ...station, online: false };
    case 'station.booted':
      return {
        ...station, lastSeenAt: event.at, vendor: str(d.vendor) ?? station.vendor, model: str(d.model) ?? station.model,
        firmwareVersion: str(d.firmwareVersion) ?? station.firmwareVersion,
      };
    case 'station.admission': {
      const admission = str(d.admission) as T['admission'] | null;
      return admission ? { ...station, admission } : station;
    }
    case 'connector.status': {
      const evseId = num(d.evseId) ?? 0;
      const connectorId = num(d.connectorId) ?? 0;
      const connectors = [...station.connectors];
      let index = findConnector(connectors, evseId, connectorId);
      if (index === -1) {
        connectors.push(emptyConnector(evseId, connectorId));
        connectors.sort((a, b) => a.evseId - b.evseId || a.connectorId - b.connectorId);
        index = findConnector(connectors, evseId, connectorId);
      }
      const before = connectors[index]!;
      connectors[index] = {
        ...before, status: str(d.status) ?? before.status, errorCode: str(d.errorCode), info: str(d.info),
        vendorErrorCode: str(d.vendorErrorCode), statusAt: str(d.timestamp) ?? event.at,
      };
      return withConnectors(station, connectors, { lastSeenAt: event.at });
    }
    case 'session.started': {
      const index = findConnector(station.connectors, num(d.evseId), num(d.connectorId));
      if (index === -1 || event.sessionId === undefined) return station;
      const connectors = [...station.connectors];
      connectors[index] = { ...connectors[index]!, sessionId: event.sessionId, energyWh: num(d.energyWh) ?? 0, powerW: null, soc: null };
      return withConnectors(station, connectors);
    }
    case 'session.stopped': {
      const index = station.connectors.findIndex((c) => c.sessionId === event.sessionId);
      if (index === -1) return station;
      const connectors = [...station.connectors];
      connectors[index] = { ...connectors[index]!, sessionId: null, powerW: null, energyWh: null, soc: null };
      return withConnectors(station, connectors);
    }
    case 'meter.sample': {
      const index = findConnector(station.connectors, num(d.evseId), num(d.connectorId));
      if (index === -1) return { ...station, lastSeenAt: event.at };
      const connectors = [...station.connectors];
      const before = connectors[index]!;
      connectors[index] = {
        ...before, powerW: num(d.powerW) ?? before.powerW, energyWh: num(d.energyWh) ?? before.energyWh, soc: num(d.soc) ?? before.soc,
        sessionId: num(d.sessionId) ?? before.sessionId,
      };
      return withConnectors(station, connectors, { lastSeenAt: event.at });
    }
    case 'maintenance.started':
    case 'maintenance.ended':
      return applyMaintenance(station, event);
    default:
      return station;
  }
}

/** Applies a live event to a session view. */
export function applyToSession(session: SessionView, event: LiveEvent): SessionView {
  if (event.sessionId !== session.id) return session;
  const d: Data = event.data;
  switch (event.type) {
    case 'meter.sample':
      return {
        ...session, powerW: num(d.powerW) ?? session.powerW, energyWh: num(d.energyWh) ?? session.energyWh,
        soc: num(d.soc) ?? session.soc, lastSampleAt: str(d.at) ?? event.at,
      };
    case 'session.stopped': {
      const stoppedAt = str(d.stoppedAt) ?? event.at;
      return {
        ...session, state: 'completed', stoppedAt, stopReason: str(d.stopReason), powerW: null, progress: null,
        energyWh: num(d.energyWh) ?? session.energyWh, meterStopWh: num(d.meterStopWh) ?? session.meterStopWh,
        durationS: Math.max(0, (Date.parse(stoppedAt) - Date.parse(session.startedAt)) / 1000),
      };
    }
    case 'session.progress': {
      if (session.state !== 'active' || typeof d.asOf !== 'string' || typeof d.eta !== 'object' || d.eta === null) return session;
      // Progress computed from an older reading than the one shown is stale.
      if (session.progress && Date.parse(session.progress.asOf) > Date.parse(d.asOf)) return session;
      const { sessionId: _id, ...progress } = d;
      return { ...session, progress: progress as unknown as SessionProgressView };
    }
    default:
      return session;
  }
}

/** The measurands the session chart draws, with the unit the live event carries them in. */
const LIVE_MEASURANDS: Array<{ measurand: string; unit: string; field: string }> = [
  { measurand: 'Power.Active.Import', unit: 'W', field: 'powerW' },
  { measurand: 'Energy.Active.Import.Register', unit: 'Wh', field: 'registerWh' },
  { measurand: 'SoC', unit: 'Percent', field: 'soc' },
];

/** Appends a meter.sample event's readings to a session's sample series (total series only, phase null). */
export function appendSamples(series: SampleSeries[], event: LiveEvent, sessionId: number): SampleSeries[] {
  if (event.type !== 'meter.sample' || event.sessionId !== sessionId) return series;
  const at = Date.parse(str(event.data.at) ?? event.at);
  if (Number.isNaN(at)) return series;
  let next = series;
  for (const m of LIVE_MEASURANDS) {
    const value = num(event.data[m.field]);
    if (value === null) continue;
    if (next === series) next = [...series];
    const index = next.findIndex((s) => s.measurand === m.measurand && s.phase === null);
    if (index === -1) {
      next.push({ measurand: m.measurand, phase: null, unit: m.unit, points: [[at, value]], downsampled: false });
      continue;
    }
    const s = next[index]!;
    const last = s.points[s.points.length - 1];
    if (last && last[0] >= at) continue;
    const scaled = s.unit === 'kW' || s.unit === 'kWh' ? value / 1000 : value;
    next[index] = { ...s, points: [...s.points, [at, scaled]] };
  }
  return next;
}
