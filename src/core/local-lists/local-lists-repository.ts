import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, LocalListStatesTable } from '../../db/schema.js';
import type { AllowedToken, ListEntry, ListEntryStatus, ListState, ListUpdate } from './local-lists.js';

function toState(r: Selectable<LocalListStatesTable>): ListState {
  return {
    stationId: r.station_id, ourVersion: r.our_version, stationVersion: r.station_version, state: r.state, error: r.error, fullNeeded: r.full_needed,
    dropped: r.dropped, maxEntries: r.max_entries, perMessage: r.per_message, failures: r.failures, nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at, lastSyncAt: r.last_sync_at, lastCheckAt: r.last_check_at,
  };
}

/** A station's stored list state, if it has one. */
export async function findListState(db: Kysely<Database>, stationId: string): Promise<ListState | undefined> {
  const row = await db.selectFrom('local_list_states').selectAll().where('station_id', '=', stationId).executeTakeFirst();
  return row && toState(row);
}

/** Stores a station's list state (insert or replace). */
export async function saveListState(db: Kysely<Database>, s: ListState, at: Date): Promise<void> {
  const values = {
    our_version: s.ourVersion, station_version: s.stationVersion, state: s.state, error: s.error, full_needed: s.fullNeeded, dropped: s.dropped,
    max_entries: s.maxEntries, per_message: s.perMessage, failures: s.failures, next_attempt_at: s.nextAttemptAt, last_attempt_at: s.lastAttemptAt,
    last_sync_at: s.lastSyncAt, last_check_at: s.lastCheckAt, updated_at: at,
  };
  await db.insertInto('local_list_states').values({ station_id: s.stationId, ...values }).onConflict((oc) => oc.column('station_id').doUpdateSet(values)).execute();
}

/** Stations whose failed sync is to be retried, with when. */
export async function listRetries(db: Kysely<Database>): Promise<Array<{ stationId: string; at: Date }>> {
  const rows = await db.selectFrom('local_list_states').select(['station_id', 'next_attempt_at']).where('next_attempt_at', 'is not', null).execute();
  return rows.map((r) => ({ stationId: r.station_id, at: r.next_attempt_at! }));
}

/** The entries last sent to a station (what its list holds, as far as we know). */
export async function heldEntries(db: Kysely<Database>, stationId: string): Promise<ListEntry[]> {
  const rows = await db.selectFrom('local_list_entries').selectAll().where('station_id', '=', stationId).orderBy('id_token').execute();
  return rows.map((r) => ({ idToken: r.id_token, type: r.token_type, status: r.status as ListEntryStatus, expiresAt: r.expires_at, groupId: r.group_id }));
}

/** How many entries a station's list holds, as far as we know. */
export async function countEntries(db: Kysely<Database>, stationId: string): Promise<number> {
  const row = await db.selectFrom('local_list_entries').select(sql<number>`count(*)::int`.as('n')).where('station_id', '=', stationId).executeTakeFirstOrThrow();
  return row.n;
}

/** Records an update the station accepted: a full one replaces the entries, a differential changes them. */
export async function applyEntries(db: Kysely<Database>, stationId: string, update: ListUpdate): Promise<void> {
  const removed = update.changes.filter((c) => !c.entry).map((c) => c.idToken);
  const upserts = update.changes.flatMap((c) => (c.entry ? [c.entry] : []));
  if (update.kind === 'Full') await db.deleteFrom('local_list_entries').where('station_id', '=', stationId).execute();
  if (removed.length > 0) {
    await db.deleteFrom('local_list_entries').where('station_id', '=', stationId).where(sql<string>`upper(id_token)`, 'in', removed.map((t) => t.toUpperCase())).execute();
  }
  if (upserts.length === 0) return;
  // Same token in another case: the new spelling replaces the old.
  await db.deleteFrom('local_list_entries').where('station_id', '=', stationId).where(sql<string>`upper(id_token)`, 'in', upserts.map((e) => e.idToken.toUpperCase())).execute();
  await db.insertInto('local_list_entries')
    .values(upserts.map((e) => ({ station_id: stationId, id_token: e.idToken, token_type: e.type, status: e.status, expires_at: e.expiresAt, group_id: e.groupId })))
    .execute();
}

/** Accepted tokens not past their expiry: what a station may accept when no access rule narrows it. */
export async function acceptedTokens(db: Kysely<Database>, at: Date): Promise<AllowedToken[]> {
  const rows = await db.selectFrom('id_tokens').select(['token', 'expires_at', 'group_id'])
    .where('status', '=', 'accepted').where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)])).execute();
  return rows.map((r) => ({ token: r.token, expiresAt: r.expires_at, groupId: r.group_id }));
}

/**
 * A station's list entries: the tokens it may accept as Accepted, and blocked tokens as Blocked (so a
 * station offline refuses them even if its authorization cache knew them). NoAuthorization tokens are
 * not listed: they identify nobody.
 */
export async function listEntriesFor(db: Kysely<Database>, allowed: readonly AllowedToken[]): Promise<ListEntry[]> {
  const rows = await db.selectFrom('id_tokens').select(['token', 'type', 'status', 'expires_at', 'group_id']).where('status', 'in', ['accepted', 'blocked']).execute();
  const byKey = new Map(rows.map((r) => [r.token.toUpperCase(), r]));
  const entries: ListEntry[] = [];
  for (const a of allowed) {
    const row = byKey.get(a.token.toUpperCase());
    if (row?.status === 'accepted' && row.type !== 'NoAuthorization') entries.push({ idToken: row.token, type: row.type, status: 'Accepted', expiresAt: a.expiresAt, groupId: a.groupId });
  }
  for (const r of rows) {
    if (r.status === 'blocked' && r.type !== 'NoAuthorization') entries.push({ idToken: r.token, type: r.type, status: 'Blocked', expiresAt: r.expires_at, groupId: r.group_id });
  }
  return entries;
}

/** The entries of a station's list when every accepted token is allowed everywhere. */
export async function tokensForEveryStation(db: Kysely<Database>, at: Date): Promise<ListEntry[]> {
  return listEntriesFor(db, await acceptedTokens(db, at));
}

/** Whether a station exists. */
export async function stationExists(db: Kysely<Database>, stationId: string): Promise<boolean> {
  return (await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst()) !== undefined;
}
