import type { FleetSummaryView } from '../../http/api-types.js';
import type { LiveStation } from '../live/index.js';

type Item = FleetSummaryView['attention'][number];

const ORDER: Record<Item['reason'], number> = { faulted: 0, offline: 1, unavailable: 2, pending: 3 };

/**
 * Stations that need a look: faulted or unavailable connectors, offline stations that had been seen, and
 * stations waiting for approval. Worst first, most recent first within a reason, at most `limit`.
 */
export function stationsNeedingAttention(stations: Iterable<LiveStation>, limit: number): Item[] {
  const items: Item[] = [];
  for (const s of stations) {
    if (s.admission === 'pending') {
      items.push({ stationId: s.id, reason: 'pending', since: null, detail: null });
      continue;
    }
    if (s.admission !== 'accepted') continue;
    if (!s.online) {
      // A station registered ahead of its first connection is not missing yet.
      if (s.lastSeenAt !== null) items.push({ stationId: s.id, reason: 'offline', since: s.disconnectedAt ?? s.lastSeenAt, detail: null });
      continue;
    }
    const faulted = s.connectors.find((c) => c.status === 'Faulted');
    if (faulted) {
      const detail = [faulted.errorCode, faulted.vendorErrorCode, faulted.info].filter((x) => x && x !== 'NoError').join(' ') || null;
      items.push({ stationId: s.id, reason: 'faulted', since: faulted.statusAt, detail: `EVSE ${faulted.evseId}${detail ? `: ${detail}` : ''}` });
      continue;
    }
    const unavailable = s.connectors.find((c) => c.status === 'Unavailable');
    if (unavailable) items.push({ stationId: s.id, reason: 'unavailable', since: unavailable.statusAt, detail: `EVSE ${unavailable.evseId}` });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  items.sort((a, b) => ORDER[a.reason] - ORDER[b.reason] || cmp(b.since ?? '', a.since ?? '') || cmp(a.stationId, b.stationId));
  return items.slice(0, limit);
}
