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

/** A sort key: text (name, last seen) or a status rank. */
export type Key = string | number;

/**
 * A station as lists read it: the fields they filter and sort by, copied flat (a scan of 50,000 entries then
 * touches one small object each, not the station and its connectors), its worst connector status and that
 * status's rank, and its searchable text. The live view keeps one per station, refreshed when the station
 * changes.
 */
export interface ListEntry {
  station: LiveStation;
  id: string;
  name: string | null;
  vendor: string | null;
  model: string | null;
  admission: string;
  online: boolean;
  siteId: string | null;
  firmware: string | null;
  protocol: string | null;
  lastSeenAt: string | null;
  status: string | null;
  rank: number;
  /** id, name, vendor and model, lower-cased, separated by NUL (a search that contains NUL is matched field by field instead). */
  text: string;
}

const SEP = '\u0000';

/** The searchable text of a station (see ListEntry.text). */
export function searchText(s: Pick<LiveStation, 'id' | 'name' | 'vendor' | 'model'>): string {
  return `${s.id}${SEP}${s.name ?? ''}${SEP}${s.vendor ?? ''}${SEP}${s.model ?? ''}`.toLowerCase();
}

/** Brings an entry up to date with its station (the search text is redone only when its fields changed). */
export function refreshEntry(e: ListEntry, s: LiveStation): void {
  if (e.id !== s.id || e.name !== s.name || e.vendor !== s.vendor || e.model !== s.model) e.text = searchText(s);
  e.station = s;
  e.id = s.id;
  e.name = s.name;
  e.vendor = s.vendor;
  e.model = s.model;
  e.admission = s.admission;
  e.online = s.online;
  e.siteId = s.siteId;
  e.firmware = s.firmwareVersion;
  e.protocol = s.protocol;
  e.lastSeenAt = s.lastSeenAt;
  e.status = worstStatus(s);
  e.rank = statusRank(e.status);
}

/** The list entry of a station as it is now. */
export function listEntry(s: LiveStation): ListEntry {
  const e: ListEntry = {
    station: s, id: s.id, name: s.name, vendor: s.vendor, model: s.model, admission: s.admission, online: s.online, siteId: s.siteId,
    firmware: s.firmwareVersion, protocol: s.protocol, lastSeenAt: s.lastSeenAt, status: null, rank: 0, text: searchText(s),
  };
  refreshEntry(e, s);
  return e;
}

/** The value a list sorts by (before the id, which breaks ties). */
export function sortKey(e: ListEntry, sort: StationListQuery['sort']): Key {
  switch (sort) {
    case 'name':
      return e.name ?? '';
    case 'lastSeenAt':
      return e.lastSeenAt ?? '';
    case 'status':
      return e.rank;
    default:
      return '';
  }
}

/** The list order: by sort key, then by id. */
export function compareKeys(a: Key, aId: string, b: Key, bId: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return aId < bId ? -1 : aId > bId ? 1 : 0;
}

/** True when the query filters nothing (every station matches). */
export function unfiltered(q: StationListQuery): boolean {
  return q.status === undefined && q.online === undefined && q.admission === undefined && q.siteId === undefined && q.model === undefined &&
    q.firmware === undefined && q.protocol === undefined && q.search === undefined;
}

/** The query's filters as one test of an entry. */
export function matcher(q: StationListQuery): (e: ListEntry) => boolean {
  const search = q.search?.toLowerCase();
  // A search for the separator itself could match across fields: then each field is searched on its own.
  const has = (v: string | null) => v !== null && v.toLowerCase().includes(search!);
  const found = search === undefined ? () => true
    : search.includes(SEP) ? (e: ListEntry) => has(e.id) || has(e.name) || has(e.vendor) || has(e.model)
      : (e: ListEntry) => e.text.includes(search);
  return (e) =>
    (q.online === undefined || e.online === q.online) &&
    (q.admission === undefined || e.admission === q.admission) &&
    (q.siteId === undefined || e.siteId === q.siteId) &&
    (q.model === undefined || e.model === q.model) &&
    (q.firmware === undefined || e.firmware === q.firmware) &&
    (q.protocol === undefined || e.protocol === q.protocol) &&
    (q.status === undefined || e.status === q.status) &&
    found(e);
}

/**
 * Filters, orders and pages the live stations with keyset pagination, in one pass and without sorting the
 * whole fleet: only the `limit` rows after the cursor are kept, in a bounded max-heap (O(n log limit)),
 * so a page of a 50,000-station fleet costs one linear scan whatever the order of the input.
 */
export function queryStations(entries: Iterable<ListEntry>, q: StationListQuery): StationListPage {
  const matches = matcher(q);
  const sign = q.order === 'desc' ? -1 : 1;
  const cmp = (a: Row, b: Row) => sign * compareKeys(a.key, a.e.id, b.key, b.e.id);
  const after = q.after;
  const want = q.limit + 1;
  const heap: Row[] = [];
  let total = 0;
  for (const e of entries) {
    if (!matches(e)) continue;
    total++;
    const key = sortKey(e, q.sort);
    const id = e.id;
    if (after && sign * compareKeys(key, id, after.key, after.id) <= 0) continue;
    if (heap.length < want) heapPush(heap, { key, e }, cmp);
    else if (sign * compareKeys(key, id, heap[0]!.key, heap[0]!.e.id) < 0) heapReplaceTop(heap, { key, e }, cmp);
  }
  const page = heap.sort(cmp);
  const more = page.length > q.limit;
  if (more) page.pop();
  const last = page[page.length - 1];
  return { items: page.map((p) => p.e.station), total, next: more && last ? { key: last.key, id: last.e.id } : null };
}

type Row = { key: Key; e: ListEntry };

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
