import type { Page } from '../../http/api-types.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { securitySeverity } from './security-event-types.js';
import { findStationSite, listCameraEvents, listStationSecurityEvents } from './security-repository.js';
import {
  decodeCursor, encodeCursor,
  type CameraEventQuery, type CameraEventView, type SecurityDeps, type SecurityEventQuery, type SecurityTimelineEntry, type SecurityTimelineQuery,
  type StationSecurityEventView,
} from './security.js';
import { readTimeline, type TimelineRow } from './timeline-repository.js';

const DEFAULT_LIMIT = 100;
const TIMELINE_DAYS = 7;

function time(v: string | undefined, name: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} must be an ISO 8601 time`);
  return d;
}

function cursorOf(v: string | undefined) {
  if (v === undefined) return undefined;
  const c = decodeCursor(v);
  if (!c) throw new ValidationError('cursor is not one this list gave');
  return c;
}

function limitOf(v: number | undefined, max = 1000): number {
  return Math.min(Math.max(Math.trunc(v ?? DEFAULT_LIMIT), 1), max);
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** How each timeline row reads to an operator, and how serious it is. */
function entry(r: TimelineRow): SecurityTimelineEntry {
  const base = { kind: r.kind, id: r.id, at: r.at.toISOString(), evseId: r.evse_id, connectorId: r.connector_id, detail: r.detail };
  switch (r.kind) {
    case 'security_event': {
      const techInfo = str(r.detail.techInfo);
      return { ...base, title: `Security event ${r.label}${techInfo ? ` (${techInfo})` : ''}`, severity: securitySeverity(r.label) };
    }
    case 'camera_event':
      return { ...base, title: `Camera ${String(r.detail.cameraId)} (${String(r.detail.sourceName)}): ${r.label}`, severity: r.label === 'tamper' || r.label === 'intrusion' ? 'critical' : 'info' };
    case 'connector_status': {
      const code = str(r.detail.errorCode);
      return { ...base, title: `Connector ${r.evse_id ?? 0}${r.connector_id && r.connector_id > 1 ? `/${r.connector_id}` : ''} ${r.label}${code && code !== 'NoError' ? ` (${code})` : ''}`, severity: r.label === 'Faulted' ? 'warning' : 'info' };
    }
    case 'login_failed':
      return { ...base, title: `Failed station login: ${r.label}${str(r.detail.address) ? ` from ${String(r.detail.address)}` : ''}`, severity: 'warning' };
    case 'authorization_refused':
      return { ...base, title: `Token ${String(r.detail.idToken)} refused (${r.label})`, severity: 'warning' };
  }
}

/** Station security events, camera events, and each station's security timeline. */
export class SecurityEvents {
  constructor(private readonly deps: Pick<SecurityDeps, 'db' | 'clock'>) {}

  /** Station security events across the network (or of one station), newest first, with their OCPP severity. */
  async stationEvents(q: SecurityEventQuery): Promise<Page<StationSecurityEventView>> {
    const limit = limitOf(q.limit);
    const items = await listStationSecurityEvents(this.deps.db, { ...q, from: time(q.from, 'from'), to: time(q.to, 'to'), before: cursorOf(q.cursor) }, limit);
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? encodeCursor({ at: new Date(last.at), id: last.id }) : null, total: items.length };
  }

  /** Camera / sensor events, newest first. */
  async cameraEvents(q: CameraEventQuery): Promise<Page<CameraEventView>> {
    const limit = limitOf(q.limit);
    const items = await listCameraEvents(this.deps.db, { ...q, from: time(q.from, 'from'), to: time(q.to, 'to'), before: cursorOf(q.cursor) }, limit);
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? encodeCursor({ at: new Date(last.at), id: last.id }) : null, total: items.length };
  }

  /**
   * A station's security story, newest first: its security events, camera events mapped to it or its site,
   * connector status changes, failed logins and refused authorizations. Default period: the last 7 days.
   */
  async timeline(stationId: string, q: SecurityTimelineQuery): Promise<Page<SecurityTimelineEntry>> {
    const station = await findStationSite(this.deps.db, stationId);
    if (!station) throw new NotFoundError('station', stationId);
    const to = time(q.to, 'to') ?? new Date(this.deps.clock.now().getTime() + 1);
    const from = time(q.from, 'from') ?? new Date(to.getTime() - TIMELINE_DAYS * 86_400_000);
    const limit = limitOf(q.limit, 500);
    const rows = await readTimeline(this.deps.db, { stationId, siteId: station.site_id, from, to, before: cursorOf(q.cursor), limit });
    const last = rows.at(-1);
    return { items: rows.map(entry), nextCursor: rows.length === limit && last ? encodeCursor({ at: last.at, id: last.id, kind: last.kind }) : null, total: rows.length };
  }
}
