import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stationsNeedingAttention } from './attention.js';
import { FleetIndex } from './fleet-index.js';
import type { LiveStation } from './live.js';

const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'];
const stationArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('A', 'b', '1') }),
  admission: fc.constantFrom('accepted', 'accepted', 'pending', 'disabled'),
  online: fc.boolean(),
  lastSeenAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  disconnectedAt: fc.option(fc.constantFrom(...TIMES), { nil: null }),
  connectors: fc.array(fc.record({ status: fc.constantFrom('Available', 'Faulted', 'Unavailable', 'Charging'), statusAt: fc.option(fc.constantFrom(...TIMES), { nil: null }) }), { maxLength: 3 }),
});

type RawStation = typeof stationArb extends fc.Arbitrary<infer T> ? T : never;

function station(s: RawStation): LiveStation {
  return {
    id: s.id, name: null, admission: s.admission, protocol: '1.6', vendor: null, model: null, firmwareVersion: null, simulated: false, online: s.online,
    lastSeenAt: s.lastSeenAt, disconnectedAt: s.disconnectedAt, siteId: null,
    connectors: s.connectors.map((c, i) => ({ evseId: i + 1, connectorId: 1, status: c.status, reportedStatus: c.status, errorCode: c.status === 'Faulted' ? 'GroundFailure' : null, info: null, vendorErrorCode: null, statusAt: c.statusAt, sessionId: null, powerW: null, energyWh: null, soc: null })),
  };
}

/** The rule written the obvious way: every item, fully sorted, then cut. */
function naive(stations: LiveStation[], limit: number): Array<{ stationId: string; reason: string; since: string | null }> {
  const order: Record<string, number> = { faulted: 0, offline: 1, unavailable: 2, pending: 3 };
  const items: Array<{ stationId: string; reason: string; since: string | null }> = [];
  for (const s of stations) {
    if (s.admission === 'pending') items.push({ stationId: s.id, reason: 'pending', since: null });
    else if (s.admission !== 'accepted') continue;
    else if (!s.online) {
      if (s.lastSeenAt !== null) items.push({ stationId: s.id, reason: 'offline', since: s.disconnectedAt ?? s.lastSeenAt });
    } else {
      const f = s.connectors.find((c) => c.status === 'Faulted');
      const u = s.connectors.find((c) => c.status === 'Unavailable');
      if (f) items.push({ stationId: s.id, reason: 'faulted', since: f.statusAt });
      else if (u) items.push({ stationId: s.id, reason: 'unavailable', since: u.statusAt });
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  items.sort((a, b) => order[a.reason]! - order[b.reason]! || cmp(b.since ?? '', a.since ?? '') || cmp(a.stationId, b.stationId));
  return items.slice(0, limit);
}

describe('stationsNeedingAttention', () => {
  it('keeps exactly the first `limit` of the fully sorted list, for any fleet', () => {
    fc.assert(
      fc.property(fc.uniqueArray(stationArb, { selector: (s) => s.id, maxLength: 40 }), fc.integer({ min: 0, max: 12 }), (raw, limit) => {
        const fleet = raw.map(station);
        const got = stationsNeedingAttention(fleet, limit).map(({ stationId, reason, since }) => ({ stationId, reason, since }));
        expect(got).toEqual(naive(fleet, limit));
        // The index keeps the same list in order as stations come and change one at a time.
        const index = new FleetIndex();
        for (const s of fleet) index.update({ ...s, admission: 'accepted', online: false, lastSeenAt: null });
        for (const s of fleet) index.update(s);
        expect(index.needingAttention(limit)).toEqual(stationsNeedingAttention(fleet, limit));
      }),
      { numRuns: 300 },
    );
  });

  it('describes a fault by EVSE and codes', () => {
    const s = station({ id: 'F', admission: 'accepted', online: true, lastSeenAt: TIMES[0]!, disconnectedAt: null, connectors: [{ status: 'Available', statusAt: null }, { status: 'Faulted', statusAt: TIMES[1]! }] });
    expect(stationsNeedingAttention([s], 5)).toEqual([{ stationId: 'F', reason: 'faulted', since: TIMES[1], detail: 'EVSE 2: GroundFailure' }]);
  });
});
