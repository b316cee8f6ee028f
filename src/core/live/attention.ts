import type { FleetSummaryView } from '../../http/api-types.js';
import type { LiveConnector, LiveStation } from './live.js';

/** One row of the overview's "needs attention" list. */
export type AttentionItem = FleetSummaryView['attention'][number];
type Reason = AttentionItem['reason'];

const ORDER: Record<Reason, number> = { faulted: 0, offline: 1, unavailable: 2, pending: 3 };

/** Why a station needs a look, and since when; the connector concerned for faults and unavailability. */
export interface Attention {
  station: LiveStation;
  reason: Reason;
  since: string | null;
  connector: LiveConnector | null;
}

/**
 * Whether a station needs a look: faulted or unavailable connectors (online stations), offline stations that
 * had been seen, and stations waiting for approval.
 */
export function attentionOf(s: LiveStation): Attention | undefined {
  if (s.admission === 'pending') return { station: s, reason: 'pending', since: null, connector: null };
  if (s.admission !== 'accepted') return undefined;
  if (!s.online) {
    // A station registered ahead of its first connection is not missing yet.
    return s.lastSeenAt !== null ? { station: s, reason: 'offline', since: s.disconnectedAt ?? s.lastSeenAt, connector: null } : undefined;
  }
  const c = s.connectors.find((x) => x.status === 'Faulted') ?? s.connectors.find((x) => x.status === 'Unavailable');
  return c ? { station: s, reason: c.status === 'Faulted' ? 'faulted' : 'unavailable', since: c.statusAt, connector: c } : undefined;
}

const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The list's order: worst reason first, most recent first within a reason, then by station id. */
export function compareAttention(a: Attention, b: Attention): number {
  return ORDER[a.reason] - ORDER[b.reason] || text(b.since ?? '', a.since ?? '') || text(a.station.id, b.station.id);
}

/** The row shown for one station (a fault is described by EVSE and codes). */
export function attentionItem(a: Attention): AttentionItem {
  const c = a.connector;
  if (a.reason === 'faulted' && c) {
    const detail = [c.errorCode, c.vendorErrorCode, c.info].filter((x) => x && x !== 'NoError').join(' ') || null;
    return { stationId: a.station.id, reason: a.reason, since: a.since, detail: `EVSE ${c.evseId}${detail ? `: ${detail}` : ''}` };
  }
  return { stationId: a.station.id, reason: a.reason, since: a.since, detail: c ? `EVSE ${c.evseId}` : null };
}

/** The first `limit` stations needing attention, in the list's order (one pass and a full sort: for checks and small fleets). */
export function stationsNeedingAttention(stations: Iterable<LiveStation>, limit: number): AttentionItem[] {
  const all: Attention[] = [];
  for (const s of stations) {
    const a = attentionOf(s);
    if (a) all.push(a);
  }
  return all.sort(compareAttention).slice(0, Math.max(0, limit)).map(attentionItem);
}
