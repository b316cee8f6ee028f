import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ApiTokensTable, AuditLogTable, Database, UsersTable } from '../../db/schema.js';
import type { AccountView, ApiTokenView, AuditEntryView, AuditQuery, Role } from './accounts.js';

type Db = Kysely<Database>;
/** A stored user row. */
export type UserRow = Selectable<UsersTable>;

/** The user row as the API shows it (never the hash). */
export function toAccountView(row: UserRow): AccountView {
  return {
    id: row.id, username: row.username, displayName: row.display_name, role: row.role, disabled: row.disabled,
    createdAt: row.created_at.toISOString(), lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    mustChangePassword: row.must_change_password,
  };
}

/** The token row as the API shows it (never the hash). */
export function toApiTokenView(row: Selectable<ApiTokensTable>): ApiTokenView {
  return {
    id: row.id, name: row.name, role: row.role, createdAt: row.created_at.toISOString(), createdBy: row.created_by,
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null, revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
  };
}

function toAuditView(row: Selectable<AuditLogTable>): AuditEntryView {
  return { id: String(row.id), at: row.at.toISOString(), actor: row.actor, actorName: row.actor_name, action: row.action, target: row.target, detail: row.detail };
}

/** A user by name, ignoring case (uses the unique index on lower(username)). */
export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where(sql<string>`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

/** A user by id. */
export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every user, by name. */
export function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy(sql`lower(username)`).execute();
}

/** Inserts a user; undefined when the name (ignoring case) is taken. */
export function insertUser(db: Db, v: { id: string; username: string; displayName: string | null; role: Role; passwordHash: string; mustChangePassword: boolean; at: Date }): Promise<UserRow | undefined> {
  return db.insertInto('users')
    .values({ id: v.id, username: v.username, display_name: v.displayName, role: v.role, password_hash: v.passwordHash, must_change_password: v.mustChangePassword, created_at: v.at, updated_at: v.at, password_changed_at: v.at })
    .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Changes a user's columns; undefined when the user does not exist. */
export function updateUser(db: Db, id: string, set: Updateable<UsersTable>): Promise<UserRow | undefined> {
  return db.updateTable('users').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Deletes a user (their sessions go with them); false when there was none. */
export async function deleteUser(db: Db, id: string): Promise<boolean> {
  const row = await db.deleteFrom('users').where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** How many enabled admins exist. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).where('role', '=', 'admin').where('disabled', '=', false).executeTakeFirstOrThrow();
  return row.n;
}

/** Locks the enabled admins' rows for the rest of the transaction and returns their ids (for the last-admin rule). */
export async function lockActiveAdmins(trx: Db): Promise<string[]> {
  const rows = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', false).forUpdate().execute();
  return rows.map((r) => r.id);
}

/** Stores a new browser session. */
export async function insertSession(db: Db, v: { id: string; userId: string; tokenHash: string; csrfToken: string; at: Date; expiresAt: Date; absoluteExpiresAt: Date; ip: string | null; userAgent: string | null }): Promise<void> {
  await db.insertInto('user_sessions').values({
    id: v.id, user_id: v.userId, token_hash: v.tokenHash, csrf_token: v.csrfToken, created_at: v.at, last_seen_at: v.at,
    expires_at: v.expiresAt, absolute_expires_at: v.absoluteExpiresAt, ip: v.ip, user_agent: v.userAgent,
  }).execute();
}

/** A live session by its token's hash, with its enabled user; undefined when expired, unknown or the user is disabled. */
export function findLiveSession(db: Db, tokenHash: string, now: Date) {
  return db.selectFrom('user_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.csrf_token as csrfToken', 's.last_seen_at as lastSeenAt', 's.absolute_expires_at as absoluteExpiresAt'])
    .selectAll('u')
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('s.absolute_expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
}

/** Slides a session's idle expiry. */
export async function touchSession(db: Db, id: string, at: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('user_sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Ends one session by its token's hash; false when there was none. */
export async function deleteSessionByHash(db: Db, tokenHash: string): Promise<boolean> {
  const row = await db.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Ends a user's sessions, except `keepId` (the caller's own, when they change their password). */
export async function deleteSessionsOfUser(db: Db, userId: string, keepId?: string): Promise<void> {
  let q = db.deleteFrom('user_sessions').where('user_id', '=', userId);
  if (keepId) q = q.where('id', '<>', keepId);
  await q.execute();
}

/** Removes sessions past either expiry. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('user_sessions').where((eb) => eb.or([eb('expires_at', '<=', now), eb('absolute_expires_at', '<=', now)])).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Stores a new API token. */
export async function insertApiToken(db: Db, v: { id: string; name: string; role: Role; tokenHash: string; createdBy: string | null; at: Date }): Promise<ApiTokenView> {
  const row = await db.insertInto('api_tokens')
    .values({ id: v.id, name: v.name, role: v.role, token_hash: v.tokenHash, created_by: v.createdBy, created_at: v.at })
    .returningAll().executeTakeFirstOrThrow();
  return toApiTokenView(row);
}

/** An unrevoked token by its hash. */
export function findActiveApiToken(db: Db, tokenHash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
}

/** Every token, newest first. */
export async function listApiTokens(db: Db): Promise<ApiTokenView[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toApiTokenView);
}

/** Marks a token revoked (keeping the first revocation time); undefined when unknown. */
export async function revokeApiToken(db: Db, id: string, at: Date): Promise<ApiTokenView | undefined> {
  const row = await db.updateTable('api_tokens').set({ revoked_at: sql`coalesce(revoked_at, ${at})` }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toApiTokenView(row);
}

/** Records that a token was used. */
export async function touchApiToken(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Remembers a failed login (username lower-cased). */
export async function insertLoginFailure(db: Db, username: string, ip: string, at: Date): Promise<void> {
  await db.insertInto('login_failures').values({ username: username.toLowerCase(), ip, at }).execute();
}

/**
 * The time of the `n`-th most recent failure since `since` for a username or an IP, or undefined when there
 * are fewer than `n`: when it leaves the window, the count drops below the limit again.
 */
export async function nthRecentFailure(db: Db, by: 'username' | 'ip', value: string, since: Date, n: number): Promise<Date | undefined> {
  const row = await db.selectFrom('login_failures').select('at')
    .where(by, '=', by === 'username' ? value.toLowerCase() : value).where('at', '>', since)
    .orderBy('at', 'desc').offset(n - 1).limit(1).executeTakeFirst();
  return row?.at;
}

/** Forgets a username's failures (after a successful login) and every failure older than `before`. */
export async function clearLoginFailures(db: Db, username: string, before: Date): Promise<void> {
  await db.deleteFrom('login_failures').where((eb) => eb.or([eb('username', '=', username.toLowerCase()), eb('at', '<', before)])).execute();
}

/** Appends one audit line. */
export async function insertAudit(db: Db, v: { at: Date; actor: string | null; actorName: string | null; action: string; target: string | null; detail: Record<string, unknown>; ip: string | null; result: 'ok' | 'refused' | 'error' }): Promise<void> {
  await db.insertInto('audit_log').values({ at: v.at, actor: v.actor, actor_name: v.actorName, action: v.action, target: v.target, detail: JSON.stringify(v.detail), ip: v.ip, result: v.result }).execute();
}

/** Audit lines, newest first. */
export async function listAudit(db: Db, query: AuditQuery, limit: number): Promise<AuditEntryView[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (query.action) q = q.where('action', 'like', `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (query.actor) q = q.where((eb) => eb.or([eb('actor', '=', query.actor!), eb('actor_name', '=', query.actor!)]));
  if (query.target) q = q.where('target', '=', query.target);
  if (query.before) q = q.where('id', '<', query.before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toAuditView);
}
