import { describe, expect, it } from 'vitest';
import type { LiveStation } from './live.js';
import { SortedEntries } from './sorted-entries.js';
import { listEntry, refreshEntry } from './station-list.js';

function station(id: string, name: string): LiveStation {
  return { id, name, admission: 'accepted', protocol: '1.6', vendor: null, model: null, firmwareVersion: null, simulated: false, online: true, lastSeenAt: null, disconnectedAt: null, siteId: null, connectors: [] };
}

describe('SortedEntries', () => {
  it('moves an entry whose key changed, found by its old key even where the search meets it first', () => {
    const stations = [station('A', 'a'), station('B', 'm'), station('C', 'z')];
    const entries = stations.map(listEntry);
    const order = new SortedEntries('name');
    order.rebuild(entries);
    // B is renamed to sort before its old place: a search that read its new name at the middle would go right.
    const b = entries[1]!;
    stations[1]!.name = 'b';
    refreshEntry(b, stations[1]!);
    order.remove(b, 'm');
    order.insert(b);
    expect(order.all.map((e) => e.id)).toEqual(['A', 'B', 'C']);
    stations[1]!.name = 'zz';
    refreshEntry(b, stations[1]!);
    order.remove(b, 'b');
    order.insert(b);
    expect(order.all.map((e) => e.id)).toEqual(['A', 'C', 'B']);
  });
});
