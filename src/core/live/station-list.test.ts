import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveStation } from './live.js';
import { queryOrdered } from './sorted-entries.js';
import { compareKeys, listEntry, queryStations, sortKey, statusRank, worstStatus, type ListEntry, type StationListPage, type StationListQuery } from './station-list.js';

const STATUSES = ['Available', 'Charging', 'Faulted', 'Unavailable', 'Occupied', 'Unknown'];

const stationArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('A', 'B', 'c', '1', '-') }),
  name: fc.option(fc.constantFrom('North', 'south', 'East', 'West'), { nil: null }),
  online: fc.boolean(),
  model: fc.constantFrom('M1', 'M2'),
  lastSeenAt: fc.option(fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'), { nil: null }),
  statuses: fc.array(fc.constantFrom(...STATUSES), { maxLength: 3 }),
});

function station(s: { id: string; name: string | null; online: boolean; model: string; lastSeenAt: string | null; statuses: string[] }): LiveStation {
  return {
    id: s.id, name: s.name, admission: 'accepted', protocol: '1.6', vendor: 'V', model: s.model, firmwareVersion: '1', simulated: false, online: s.online,
    lastSeenAt: s.lastSeenAt, disconnectedAt: null, siteId: null,
    connectors: s.statuses.map((status, i) => ({ evseId: i + 1, connectorId: 1, status, reportedStatus: status, errorCode: null, info: null, vendorErrorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null })),
  };
}

function uniqueById(list: LiveStation[]): LiveStation[] {
  return [...new Map(list.map((s) => [s.id, s])).values()];
}

/** The obvious implementation: filter, sort everything, slice. */
function naive(stations: LiveStation[], q: Omit<StationListQuery, 'after' | 'limit'>): string[] {
  const key = (s: LiveStation) => (q.sort === 'name' ? (s.name ?? '') : q.sort === 'lastSeenAt' ? (s.lastSeenAt ?? '') : q.sort === 'status' ? statusRank(worstStatus(s)) : '');
  const sign = q.order === 'desc' ? -1 : 1;
  return stations
    .filter((s) => (q.online === undefined || s.online === q.online) && (q.model === undefined || s.model === q.model) && (q.status === undefined || worstStatus(s) === q.status) &&
      (q.search === undefined || [s.id, s.name, s.vendor, s.model].some((v) => v !== null && v.toLowerCase().includes(q.search!.toLowerCase()))))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    })
    .map((s) => s.id);
}

/** The index's form of a fleet: list entries in the query's order (sort key, then id). */
const inOrder = (fleet: LiveStation[], sort: StationListQuery['sort']): ListEntry[] =>
  fleet.map(listEntry).sort((a, b) => compareKeys(sortKey(a, sort), a.id, sortKey(b, sort), b.id));
const QUERIES: Array<[string, (fleet: LiveStation[], q: StationListQuery) => StationListPage]> = [
  ['queryStations over entries in any order', (fleet, q) => queryStations(fleet.map(listEntry), q)],
  ['queryOrdered over entries kept in the order of the sort', (fleet, q) => (q.sort === 'lastSeenAt' ? queryStations(fleet.map(listEntry), q) : queryOrdered(inOrder(fleet, q.sort), q.sort ?? 'id', q))],
];

describe.each(QUERIES)('%s', (_name, query) => {
  it('pages through exactly what a full filter-and-sort gives, for any fleet, filter, order and page size', () => {
    fc.assert(
      fc.property(
        fc.array(stationArb, { maxLength: 40 }),
        fc.record({
          sort: fc.constantFrom('id' as const, 'name' as const, 'lastSeenAt' as const, 'status' as const),
          order: fc.constantFrom('asc' as const, 'desc' as const),
          online: fc.option(fc.boolean(), { nil: undefined }),
          model: fc.option(fc.constantFrom('M1', 'M2'), { nil: undefined }),
          status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
          search: fc.option(fc.constantFrom('a', 'B1', 'SOUTH', 'm2', ''), { nil: undefined }),
        }),
        fc.integer({ min: 1, max: 7 }),
        (raw, q, limit) => {
          const fleet = uniqueById(raw.map(station));
          const expected = naive(fleet, q);
          const seen: string[] = [];
          let after: StationListQuery['after'];
          for (let guard = 0; guard < 100; guard++) {
            const page = query(fleet, { ...q, limit, after });
            expect(page.total).toBe(expected.length);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((s) => s.id));
            if (!page.next) break;
            after = page.next;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches search text in id, name, vendor and model, ignoring case', () => {
    const fleet = [station({ id: 'CP-1', name: 'Harbour', online: true, model: 'M1', lastSeenAt: null, statuses: [] }), station({ id: 'CP-2', name: null, online: true, model: 'Wallbox', lastSeenAt: null, statuses: [] })];
    expect(query(fleet, { search: 'harb', limit: 10 }).items.map((s) => s.id)).toEqual(['CP-1']);
    expect(query(fleet, { search: 'WALL', limit: 10 }).items.map((s) => s.id)).toEqual(['CP-2']);
    expect(query(fleet, { search: 'cp-', limit: 10 }).total).toBe(2);
    // Fields are searched one by one: a search never matches across the end of one field and the start of the next.
    expect(query(fleet, { search: '1\u0000harb', limit: 10 }).total).toBe(0);
    expect(query(fleet, { search: 'harbour\u0000', limit: 10 }).total).toBe(0);
  });
});

describe('worstStatus', () => {
  it('ranks the worst connector status first', () => {
    expect(worstStatus({ connectors: [{ status: 'Available' }, { status: 'Faulted' }, { status: 'Charging' }] })).toBe('Faulted');
    expect(worstStatus({ connectors: [{ status: 'Available' }, { status: 'Charging' }] })).toBe('Charging');
    expect(worstStatus({ connectors: [] })).toBeNull();
  });
});
