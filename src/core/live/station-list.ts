import type { LiveStation } from './live.js';

/** Connector statuses from worst to best; a station shows its worst. Unknown statuses rank after these. */
const STATUS_ORDER = ['Faulted', 'Unavailable', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Occupied', 'Preparing', 'Finishing', 'Reserved', 'Available'];
const RANK = new Map(STATUS_ORDER.map((s, i) => [s, i]));
const UNRANKED = STATUS_ORDER.length;

/** How bad a connector status is (0 = worst). */
export function statusRank(status: string | null): number {
  return status === null ? UNRANKED + 1 : (RANK.get(status) ?? UNRANKED);
}

/** The station's worst connector status, or null without connectors. */
export function worstStatus(station: { connectors: readonly { status: string }[] }): string | null {
  let worst: string | null = null;
  for (const c of station.connectors) if (worst === null || statusRank(c.status) < statusRank(worst)) worst = c.status;
  return worst;
}

/** Filters, order and page of a station list (the API's StationQuery, parsed). */
export interface StationListQuery {
  status?: string;
  online?: boolean;
  admission?: string;
  siteId?: string;
  model?: string;
  firmware?: string;
  protocol?: string;
  /** Case-insensitive substring of id, name, vendor or model. */
  search?: string;
  sort?: 'id' | 'name' | 'lastSeenAt' | 'status';
  order?: 'asc' | 'desc';
  /** The sort key and id of the last row of the previous page. */
  after?: { key: string | number; id: string };
  limit: number;
}

/** One page of live stations and how many match in total. */
export interface StationListPage {
  items: LiveStation[];
  total: number;
  /** Where the next page starts, or null on the last page. */
  next: { key: string | number; id: string } | null;
}

type Key = string | number;

function keyOf(station: LiveStation, sort: StationListQuery['sort']): Key {
  switch (sort) {
    case 'name':
      return station.name ?? '';
    case 'lastSeenAt':
      return station.lastSeenAt ?? '';
    case 'status':
      return statusRank(worstStatus(station));
    default:
      return '';
  }
}

function compare(a: Key, aId: string, b: Key, bId: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

function matcher(q: StationListQuery): (s: LiveStation) => boolean {
  const search = q.search?.toLowerCase();
  const has = (v: string | null) => v !== null && v.toLowerCase().includes(search!);
  return (s) =>
    (q.online === undefined || s.online === q.online) &&
    (q.admission === undefined || s.admission === q.admission) &&
    (q.siteId === undefined || s.siteId === q.siteId) &&
    (q.model === undefined || s.model === q.model) &&
    (q.firmware === undefined || s.firmwareVersion === q.firmware) &&
    (q.protocol === undefined || s.protocol === q.protocol) &&
    (q.status === undefined || worstStatus(s) === q.status) &&
    (search === undefined || has(s.id) || has(s.name) || has(s.vendor) || has(s.model));
}

/**
 * Filters, orders and pages the live stations with keyset pagination, in one pass and without sorting the
 * whole fleet: only the `limit` rows after the cursor are kept, in a bounded max-heap (O(n log limit)),
 * so a page of a 50,000-station fleet costs one linear scan whatever the order of the input.
 */
export function queryStations(stations: Iterable<LiveStation>, q: StationListQuery): StationListPage {
  const matches = matcher(q);
  const sign = q.order === 'desc' ? -1 : 1;
  const cmp = (a: Row, b: Row) => sign * compare(a.key, a.s.id, b.key, b.s.id);
  const after = q.after;
  const want = q.limit + 1;
  const heap: Row[] = [];
  let total = 0;
  for (const s of stations) {
    if (!matches(s)) continue;
    total++;
    const key = keyOf(s, q.sort);
    if (after && sign * compare(key, s.id, after.key, after.id) <= 0) continue;
    if (heap.length < want) heapPush(heap, { key, s }, cmp);
    else if (sign * compare(key, s.id, heap[0]!.key, heap[0]!.s.id) < 0) heapReplaceTop(heap, { key, s }, cmp);
  }
  const page = heap.sort(cmp);
  const more = page.length > q.limit;
  if (more) page.pop();
  const last = page[page.length - 1];
  return { items: page.map((p) => p.s), total, next: more && last ? { key: last.key, id: last.s.id } : null };
}

type Row = { key: Key; s: LiveStation };

/** Adds to a max-heap (the largest by `cmp` at index 0). */
function heapPush(heap: Row[], item: Row, cmp: (a: Row, b: Row) => number): void {
  let i = heap.length;
  heap.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (cmp(item, heap[parent]!) <= 0) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = item;
}

/** Replaces the largest item of a max-heap and restores the order. */
function heapReplaceTop(heap: Row[], item: Row, cmp: (a: Row, b: Row) => number): void {
  const n = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && cmp(heap[r]!, heap[l]!) > 0 ? r : l;
    if (cmp(heap[child]!, item) <= 0) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = item;
}
