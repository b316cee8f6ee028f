import type { ListChange, ListEntry, ListUpdate } from './local-lists.js';

/** Tokens are matched ignoring case, as Authorize matches them. */
export const entryKey = (idToken: string): string => idToken.toUpperCase();

function sameEntry(a: ListEntry, b: ListEntry): boolean {
  return a.idToken === b.idToken && a.type === b.type && a.status === b.status && a.groupId === b.groupId
    && (a.expiresAt?.getTime() ?? null) === (b.expiresAt?.getTime() ?? null);
}

/**
 * The differential that turns the list a station holds into the wanted one: new or changed entries in
 * full, and a removal (no entry) for each token no longer wanted. Ordered by token, so updates repeat.
 */
export function diffLists(held: readonly ListEntry[], wanted: readonly ListEntry[]): ListChange[] {
  const heldByKey = new Map(held.map((e) => [entryKey(e.idToken), e]));
  const wantedKeys = new Set<string>();
  const changes: ListChange[] = [];
  for (const entry of wanted) {
    const key = entryKey(entry.idToken);
    wantedKeys.add(key);
    const before = heldByKey.get(key);
    if (!before || !sameEntry(before, entry)) changes.push({ idToken: entry.idToken, type: entry.type, entry });
  }
  for (const [key, entry] of heldByKey) if (!wantedKeys.has(key)) changes.push({ idToken: entry.idToken, type: entry.type });
  return changes.sort((a, b) => (a.idToken < b.idToken ? -1 : a.idToken > b.idToken ? 1 : 0));
}

/**
 * Fits the wanted entries to what the station can take: tokens longer than the protocol allows are left
 * out, and when the list is longer than the station holds, Accepted entries are kept before the others
 * (a Blocked entry only guards against a stale authorization cache), then by token.
 */
export function fitList(wanted: readonly ListEntry[], limits: { maxEntries: number | null; maxTokenLength: number }): { entries: ListEntry[]; dropped: number } {
  const fitting = wanted.filter((e) => e.idToken.length > 0 && e.idToken.length <= limits.maxTokenLength && (e.groupId === null || e.groupId.length <= limits.maxTokenLength));
  const ordered = [...fitting].sort((a, b) => Number(b.status === 'Accepted') - Number(a.status === 'Accepted') || (a.idToken < b.idToken ? -1 : a.idToken > b.idToken ? 1 : 0));
  const max = limits.maxEntries ?? Number.POSITIVE_INFINITY;
  const entries = ordered.slice(0, Math.max(0, max));
  return { entries, dropped: wanted.length - entries.length };
}

/**
 * Splits an update into SendLocalList messages of at most `perMessage` entries: a full update's first
 * message is Full and the rest Differential (each adds to what the first installed); every message takes
 * the next version, since a station refuses a differential whose version is not above its own.
 */
export function splitUpdate(changes: readonly ListChange[], o: { full: boolean; perMessage: number | null; fromVersion: number }): ListUpdate[] {
  const size = o.perMessage && o.perMessage > 0 ? o.perMessage : Math.max(changes.length, 1);
  const updates: ListUpdate[] = [];
  for (let i = 0; i < changes.length || (i === 0 && o.full); i += size) {
    updates.push({ version: o.fromVersion + updates.length + 1, kind: o.full && i === 0 ? 'Full' : 'Differential', changes: changes.slice(i, i + size) });
  }
  return updates;
}

/** The list a station holds after an update is applied to `held`. */
export function applyUpdate(held: readonly ListEntry[], update: ListUpdate): ListEntry[] {
  const byKey = new Map(update.kind === 'Full' ? [] : held.map((e) => [entryKey(e.idToken), e]));
  for (const change of update.changes) {
    if (change.entry) byKey.set(entryKey(change.idToken), change.entry);
    else byKey.delete(entryKey(change.idToken));
  }
  return [...byKey.values()];
}
