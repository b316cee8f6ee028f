import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stationsNeedingAttention } from './attention.js';
import { FleetIndex } from './fleet-index.js';
import type { LiveStation } from './live.js';
import { listEntry, queryStations, searchText, statusRank, worstStatus, type StationListQuery } from './station-list.js';

const STATUSES = ['Available', 'Charging', 'Faulted', 'Unavailable', 'Occupied', 'Unknown'];
const IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** One change to the fleet, as the live view would make it. */
const opArb = fc.oneof(
  fc.record({
    kind: fc.constant('station' as const), id: fc.constantFrom(...IDS), online: fc.boolean(), admission: fc.constantFrom('accepted', 'pending', 'rejected'), seen: fc.boolean(),
    name: fc.option(fc.constantFrom('North', 'South'), { nil: null }), model: fc.constantFrom('M1', 'M2'), siteId: fc.option(fc.constantFrom('s1', 's2'), { nil: null }),
  }),
  fc.record({ kind: fc.constant('connector' as const), id: fc.constantFrom(...IDS), evse: fc.integer({ min: 1, max: 3 }), status: fc.constantFrom(...STATUSES), powerW: fc.option(fc.constantFrom(0, 7400), { nil: null }) }),
  fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...IDS) }),
);

function blank(id: string): LiveStation {
  return { id, name: null, admission: 'accepted', protocol: '1.6', vendor: 'V', model: 'M', firmwareVersion: null, simulated: false, online: false, lastSeenAt: null, disconnectedAt: null, siteId: null, connectors: [] };
}

const queryArb = fc.record({
  status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
  online: fc.option(fc.boolean(), { nil: undefined }),
  admission: fc.option(fc.constantFrom('accepted', 'pending'), { nil: undefined }),
  siteId: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
  model: fc.option(fc.constantFrom('M1', 'M2'), { nil: undefined }),
  search: fc.option(fc.constantFrom('nor', 'd'), { nil: undefined }),
  sort: fc.constantFrom('id' as const, 'name' as const, 'status' as const, 'lastSeenAt' as const),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  limit: fc.integer({ min: 1, max: 4 }),
});

/** Every page of a query, one after the other. */
function pages(list: (q: StationListQuery) => { items: LiveStation[]; total: number; next: StationListQuery['after'] | null }, q: StationListQuery): { ids: string[]; totals: number[] } {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: StationListQuery['after'];
  for (let guard = 0; guard < 50; guard++) {
    const page = list({ ...q, after });
    ids.push(...page.items.map((s) => s.id));
    totals.push(page.total);
    if (!page.next) break;
    after = page.next;
  }
  return { ids, totals };
}

/** The counts written the obvious way, over the whole fleet. */
function naiveCounts(fleet: LiveStation[]) {
  const connectorsByStatus: Record<string, number> = {};
  let chargingNow = 0;
  for (const s of fleet) {
    for (const c of s.connectors) {
      connectorsByStatus[c.status] = (connectorsByStatus[c.status] ?? 0) + 1;
      if (c.status === 'Charging' || (c.sessionId !== null && (c.powerW ?? 0) > 0)) chargingNow++;
    }
  }
  const online = fleet.filter((s) => s.online).length;
  return { stations: fleet.length, online, offline: fleet.length - online, pending: fleet.filter((s) => s.admission === 'pending').length, connectorsByStatus, chargingNow };
}

describe('FleetIndex', () => {
  it('agrees with a recount of the whole fleet after any sequence of changes, updated one station at a time', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), fc.array(queryArb, { maxLength: 4 }), (ops, rebuildAt, queries) => {
        const fleet = new Map<string, LiveStation>();
        const index = new FleetIndex();
        ops.forEach((op, i) => {
          if (i === rebuildAt) index.rebuild(fleet.values());
          if (op.kind === 'remove') {
            fleet.delete(op.id);
            index.delete(op.id);
            return;
          }
          const s = fleet.get(op.id) ?? blank(op.id);
          fleet.set(op.id, s);
          if (op.kind === 'station') {
            Object.assign(s, { online: op.online, admission: op.admission, name: op.name, model: op.model, siteId: op.siteId, lastSeenAt: op.seen ? '2026-01-01T00:00:00.000Z' : null });
          } else {
            let c = s.connectors.find((x) => x.evseId === op.evse);
            if (!c) {
              c = { evseId: op.evse, connectorId: 1, status: 'Unknown', reportedStatus: 'Unknown', errorCode: null, info: null, vendorErrorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null };
              s.connectors.push(c);
            }
            Object.assign(c, { status: op.status, sessionId: op.powerW === null ? null : 1, powerW: op.powerW });
          }
          index.update(s);
        });
        const all = [...fleet.values()];
        expect(index.counts()).toEqual(naiveCounts(all));
        const entries = index.entries();
        expect(entries.map((e) => e.station.id)).toEqual(all.map((s) => s.id).sort());
        for (const e of entries) {
          expect(e.status).toBe(worstStatus(e.station));
          expect(e.rank).toBe(statusRank(e.status));
          expect(e.text).toBe(searchText(e.station));
          expect(e).toMatchObject({ id: e.station.id, name: e.station.name, online: e.station.online, admission: e.station.admission, lastSeenAt: e.station.lastSeenAt });
        }
        expect(index.needingAttention(100)).toEqual(stationsNeedingAttention(all, 100));
        // Whatever set a filter narrows the scan to, the pages are those of a scan of every station.
        const fresh = all.map(listEntry);
        for (const q of queries) expect(pages((x) => index.query(x), q)).toEqual(pages((x) => queryStations(fresh, x), q));
      }),
      { numRuns: 300 },
    );
  });
});
