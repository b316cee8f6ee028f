import type { LiveStation } from './live.js';
import { compareKeys, matcher, sortKey, unfiltered, type Key, type ListEntry, type StationListPage, type StationListQuery } from './station-list.js';

/** The orders kept sorted ahead; `lastSeenAt` changes with every message, so it is not among them. */
export type KeptSort = 'id' | 'name' | 'status';

/**
 * The first index whose (key, id) is above the given one (or at least it, with `orEqual`). `self`, an entry
 * whose key has changed but which still sits where its old key put it, compares as equal to that old key.
 */
function bound(ordered: readonly ListEntry[], sort: KeptSort, key: Key, id: string, orEqual: boolean, self?: ListEntry): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = ordered[mid]!;
    const c = e === self ? 0 : compareKeys(sortKey(e, sort), e.id, key, id);
    if (c < 0 || (!orEqual && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The entries in one list order (sort key, then id), kept sorted as entries come, go and change key: an
 * entry moves only when its key changes (a rename, a new worst status), not on every meter sample.
 */
export class SortedEntries {
  private items: ListEntry[] = [];

  constructor(readonly sort: KeptSort) {}

  /** The entries in order (read-only: this owns the array). */
  get all(): readonly ListEntry[] {
    return this.items;
  }

  /** The key this order files an entry under now. */
  keyOf(e: ListEntry): Key {
    return sortKey(e, this.sort);
  }

  rebuild(entries: readonly ListEntry[]): void {
    this.items = [...entries].sort((a, b) => compareKeys(this.keyOf(a), a.id, this.keyOf(b), b.id));
  }

  insert(e: ListEntry): void {
    this.items.splice(bound(this.items, this.sort, this.keyOf(e), e.id, true), 0, e);
  }

  /** Removes an entry filed under `key` (its key before the change that moves it). */
  remove(e: ListEntry, key: Key): void {
    const i = bound(this.items, this.sort, key, e.id, true, e);
    if (this.items[i] === e) this.items.splice(i, 1);
  }
}

/**
 * The same pages as `queryStations`, read off entries already in the query's order: from the cursor (a binary
 * search), without a heap. Without filters the total is the array's length, so a page costs O(log n + limit);
 * with filters one pass both counts and collects.
 */
export function queryOrdered(ordered: readonly ListEntry[], sort: KeptSort, q: StationListQuery): StationListPage {
  const desc = q.order === 'desc';
  const n = ordered.length;
  let from = desc ? n - 1 : 0;
  if (q.after !== undefined) from = desc ? bound(ordered, sort, q.after.key, q.after.id, true) - 1 : bound(ordered, sort, q.after.key, q.after.id, false);
  const taken: ListEntry[] = [];
  let more = false;
  const take = (e: ListEntry) => {
    if (taken.length < q.limit) taken.push(e);
    else more = true;
  };
  let total = n;
  if (unfiltered(q)) {
    for (let i = from; i >= 0 && i < n && !more; i += desc ? -1 : 1) take(ordered[i]!);
  } else {
    const matches = matcher(q);
    total = 0;
    for (let k = 0; k < n; k++) {
      const i = desc ? n - 1 - k : k;
      const e = ordered[i]!;
      if (!matches(e)) continue;
      total++;
      if (!more && (desc ? i <= from : i >= from)) take(e);
    }
  }
  const last = taken[taken.length - 1];
  const items: LiveStation[] = taken.map((e) => e.station);
  return { items, total, next: more && last ? { key: sortKey(last, sort), id: last.id } : null };
}
