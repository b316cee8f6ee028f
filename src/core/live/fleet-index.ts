import { attentionItem, attentionOf, compareAttention, type Attention, type AttentionItem } from './attention.js';
import type { LiveStation } from './live.js';
import { queryOrdered, SortedEntries, type KeptSort } from './sorted-entries.js';
import { listEntry, queryStations, refreshEntry, type ListEntry, type StationListPage, type StationListQuery } from './station-list.js';

/** Fleet-wide counts kept by the index. */
export interface FleetCounts {
  stations: number;
  online: number;
  offline: number;
  pending: number;
  connectorsByStatus: Record<string, number>;
  /** Connectors charging now: status Charging, or a running session drawing power. */
  chargingNow: number;
}

/**
 * A station's list entry with what it last added to the counts, so exactly that is taken back out. (Held
 * beside the list entry, not spread into it: copies made by spreading can each get their own hidden class,
 * which makes every scan of the list megamorphic.)
 */
interface IndexEntry {
  list: ListEntry;
  statuses: string[];
  charging: number;
  attention: Attention | undefined;
}

/** The list filters that match one value exactly; each has a lookup from value to the entries holding it. */
const KEYED = ['status', 'online', 'admission', 'siteId', 'model', 'firmware', 'protocol'] as const;
type Keyed = (typeof KEYED)[number];
type KeyValue = string | boolean | null;

/** The first index of a sorted array where `item` may go without breaking the order `cmp`. */
function insertionPoint<T>(sorted: readonly T[], item: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(sorted[mid]!, item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameAttention(a: Attention | undefined, b: Attention | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.reason === b.reason && a.since === b.since && a.connector === b.connector);
}

/**
 * What the fleet overview and the station list need, kept current one station at a time as the live view
 * changes it: counts by online state, admission and connector status; each station's list entry, in id,
 * name and status order and filed by each exact-match filter's value; and the stations needing attention,
 * in the overview's order. `update(station)` after any change costs O(its connectors), plus array moves
 * only when the station's name, worst status or attention changes, so neither the overview nor a page of
 * the list walks the whole fleet.
 */
export class FleetIndex {
  private readonly byId = new Map<string, IndexEntry>();
  private readonly orders: Record<KeptSort, SortedEntries> = { id: new SortedEntries('id'), name: new SortedEntries('name'), status: new SortedEntries('status') };
  private attention: Attention[] = [];
  private readonly statusCounts = new Map<string, number>();
  /** For each keyed filter, the entries per value, so a filtered list scans only the narrowest set. */
  private readonly lookups = new Map<Keyed, Map<KeyValue, Set<ListEntry>>>(KEYED.map((k) => [k, new Map()]));
  private online = 0;
  private pending = 0;
  private charging = 0;

  /** Replaces everything with these stations (at load: sorts once instead of 50,000 insertions). */
  rebuild(stations: Iterable<LiveStation>): void {
    this.byId.clear();
    this.statusCounts.clear();
    for (const lookup of this.lookups.values()) lookup.clear();
    this.online = this.pending = this.charging = 0;
    this.attention = [];
    const all: ListEntry[] = [];
    for (const s of stations) {
      const e: IndexEntry = { list: listEntry(s), statuses: [], charging: 0, attention: undefined };
      this.derive(e, s);
      this.byId.set(s.id, e);
      all.push(e.list);
      for (const k of KEYED) this.file(e.list, k);
      if (e.attention) this.attention.push(e.attention);
      this.count(e, 1);
    }
    for (const order of Object.values(this.orders)) order.rebuild(all);
    this.attention.sort(compareAttention);
  }

  /** Takes a new or changed station into account. */
  update(s: LiveStation): void {
    let e = this.byId.get(s.id);
    if (!e) {
      e = { list: listEntry(s), statuses: [], charging: 0, attention: undefined };
      this.byId.set(s.id, e);
      for (const order of Object.values(this.orders)) order.insert(e.list);
      for (const k of KEYED) this.file(e.list, k);
    } else {
      this.count(e, -1);
      const list = e.list;
      const was = KEYED.map((k) => list[k]);
      const wasName = this.orders.name.keyOf(list);
      const wasRank = this.orders.status.keyOf(list);
      refreshEntry(list, s);
      KEYED.forEach((k, i) => {
        if (list[k] === was[i]) return;
        this.unfile(list, k, was[i]!);
        this.file(list, k);
      });
      this.move(this.orders.name, list, wasName);
      this.move(this.orders.status, list, wasRank);
    }
    const before = e.attention;
    this.derive(e, s);
    this.count(e, 1);
    if (sameAttention(before, e.attention)) {
      // Same place in the attention order: keep the one already there (it is what the order holds).
      e.attention = before;
      return;
    }
    if (before) this.unlist(before);
    if (e.attention) this.attention.splice(insertionPoint(this.attention, e.attention, compareAttention), 0, e.attention);
  }

  /** Forgets a removed station. */
  delete(id: string): void {
    const e = this.byId.get(id);
    if (!e) return;
    this.count(e, -1);
    this.byId.delete(id);
    if (e.attention) this.unlist(e.attention);
    for (const k of KEYED) this.unfile(e.list, k, e.list[k]);
    for (const order of Object.values(this.orders)) order.remove(e.list, order.keyOf(e.list));
  }

  /**
   * A page of the station list. With exact-match filters only the narrowest matching set is scanned (a
   * site's stations, the faulted ones, …); otherwise the page is read off the order kept for the sort
   * (see queryOrdered), or, sorted by last seen, found in one scan.
   */
  query(q: StationListQuery): StationListPage {
    let narrowest: Set<ListEntry> | undefined;
    for (const k of KEYED) {
      const value = q[k];
      if (value === undefined) continue;
      const set = this.lookups.get(k)!.get(value) ?? new Set<ListEntry>();
      if (!narrowest || set.size < narrowest.size) narrowest = set;
    }
    if (narrowest) return queryStations(narrowest, q);
    const sort = q.sort ?? 'id';
    return sort === 'lastSeenAt' ? queryStations(this.orders.id.all, q) : queryOrdered(this.orders[sort].all, sort, q);
  }

  /** Every station's list entry, sorted by id (read-only: the index owns it). */
  entries(): readonly ListEntry[] {
    return this.orders.id.all;
  }

  /** The first `limit` stations needing attention, in the overview's order. */
  needingAttention(limit: number): AttentionItem[] {
    return this.attention.slice(0, Math.max(0, limit)).map(attentionItem);
  }

  counts(): FleetCounts {
    const connectorsByStatus: Record<string, number> = {};
    for (const [status, n] of this.statusCounts) connectorsByStatus[status] = n;
    const stations = this.byId.size;
    return { stations, online: this.online, offline: stations - this.online, pending: this.pending, connectorsByStatus, chargingNow: this.charging };
  }

  /** Works out what the station adds to the counts, and whether it needs attention. */
  private derive(e: IndexEntry, s: LiveStation): void {
    e.statuses = s.connectors.map((c) => c.status);
    e.charging = 0;
    for (const c of s.connectors) if (c.status === 'Charging' || (c.sessionId !== null && (c.powerW ?? 0) > 0)) e.charging++;
    e.attention = attentionOf(s);
  }

  /** Moves an entry within an order when its key there changed. */
  private move(order: SortedEntries, list: ListEntry, was: string | number): void {
    if (order.keyOf(list) === was) return;
    order.remove(list, was);
    order.insert(list);
  }

  /** Adds an entry to a filter's lookup, under its current value. */
  private file(list: ListEntry, k: Keyed): void {
    const lookup = this.lookups.get(k)!;
    let set = lookup.get(list[k]);
    if (!set) lookup.set(list[k], (set = new Set()));
    set.add(list);
  }

  /** Takes an entry out of a filter's lookup, from under the value it was filed with. */
  private unfile(list: ListEntry, k: Keyed, value: KeyValue): void {
    const lookup = this.lookups.get(k)!;
    const set = lookup.get(value);
    set?.delete(list);
    if (set?.size === 0) lookup.delete(value);
  }

  private unlist(a: Attention): void {
    const i = insertionPoint(this.attention, a, compareAttention);
    if (this.attention[i] === a) this.attention.splice(i, 1);
  }

  private count(e: IndexEntry, sign: 1 | -1): void {
    // The list entry still holds the old values when taking out, the new ones when adding.
    if (e.list.online) this.online += sign;
    if (e.list.admission === 'pending') this.pending += sign;
    this.charging += sign * e.charging;
    for (const status of e.statuses) {
      const n = (this.statusCounts.get(status) ?? 0) + sign;
      if (n === 0) this.statusCounts.delete(status);
      else this.statusCounts.set(status, n);
    }
  }
}
