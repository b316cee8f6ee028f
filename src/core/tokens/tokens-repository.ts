import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Database, IdTokensTable } from '../../db/schema.js';
import type { CheckedToken } from './token-rules.js';
import { MAX_OCPP16_LENGTH } from './token-rules.js';
import type { IdToken, TokenFilter } from './tokens.js';

type TokenRow = Selectable<IdTokensTable> & { driver_name: string | null };

/** Changes to a stored token's columns (undefined: unchanged). */
export type TokenSet = Partial<Omit<CheckedToken, 'token'>>;

/** The token row as the API shows it. */
export function toIdToken(row: TokenRow): IdToken {
  return {
    token: row.token, type: row.type, status: row.status, expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
    groupId: row.group_id, label: row.label, driverId: row.driver_id, driverName: row.driver_name,
    maxConcurrentSessions: row.max_concurrent_sessions, monthlyEnergyKwh: row.monthly_energy_kwh, monthlySessions: row.monthly_sessions,
    ocpp16: row.token.length <= MAX_OCPP16_LENGTH, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

const sameToken = (token: string): Expression<SqlBool> => sql<SqlBool>`upper(t.token) = upper(${token})`;

function withDriver(db: Kysely<Database>) {
  return db.selectFrom('id_tokens as t').leftJoin('drivers as d', 'd.id', 't.driver_id').selectAll('t').select('d.name as driver_name');
}

function columns(set: TokenSet): Record<string, unknown> {
  const map: Record<keyof TokenSet, string> = {
    type: 'type', status: 'status', expiresAt: 'expires_at', groupId: 'group_id', label: 'label', driverId: 'driver_id',
    maxConcurrentSessions: 'max_concurrent_sessions', monthlyEnergyKwh: 'monthly_energy_kwh', monthlySessions: 'monthly_sessions',
  };
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(map)) {
    const value = set[key as keyof TokenSet];
    if (value !== undefined) out[column] = value;
  }
  return out;
}

/** Finds a token ignoring case (uses the unique index on upper(token)). */
export async function findToken(db: Kysely<Database>, token: string): Promise<Selectable<IdTokensTable> | undefined> {
  return db.selectFrom('id_tokens').where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).selectAll().executeTakeFirst();
}

/** One token with its driver's name, ignoring case. */
export async function findTokenView(db: Kysely<Database>, token: string): Promise<IdToken | undefined> {
  const row = await withDriver(db).where(sameToken(token)).executeTakeFirst();
  return row && toIdToken(row);
}

/** Inserts a token; undefined when one with the same text (ignoring case) exists. */
export async function insertToken(db: Kysely<Database>, v: CheckedToken, at: Date): Promise<IdToken | undefined> {
  const row = await db
    .insertInto('id_tokens')
    .values({ token: v.token, ...columns(v), created_at: at, updated_at: at })
    .onConflict((oc) => oc.expression(sql`upper(token)`).doNothing())
    .returning('token')
    .executeTakeFirst();
  return row && findTokenView(db, row.token);
}

/** Inserts many new tokens (the caller knows none of them exists). */
export async function insertTokens(db: Kysely<Database>, rows: readonly CheckedToken[], at: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto('id_tokens').values(rows.slice(i, i + 1000).map((v) => ({ token: v.token, ...columns(v), created_at: at, updated_at: at }))).execute();
  }
}

/** Changes a token's columns; undefined when it does not exist. */
export async function updateToken(db: Kysely<Database>, token: string, set: TokenSet, at: Date): Promise<IdToken | undefined> {
  const row = await db.updateTable('id_tokens').set({ ...columns(set), updated_at: at })
    .where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).returning('token').executeTakeFirst();
  return row && findTokenView(db, row.token);
}

/** Deletes a token; returns its stored row, or undefined when it did not exist. */
export async function deleteToken(db: Kysely<Database>, token: string): Promise<Selectable<IdTokensTable> | undefined> {
  return db.deleteFrom('id_tokens').where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).returningAll().executeTakeFirst();
}

/** The stored rows among `tokens` (ignoring case), keyed by upper-case text. */
export async function existingTokens(db: Kysely<Database>, tokens: readonly string[]): Promise<Map<string, Selectable<IdTokensTable>>> {
  const out = new Map<string, Selectable<IdTokensTable>>();
  for (let i = 0; i < tokens.length; i += 5000) {
    const upper = tokens.slice(i, i + 5000).map((t) => t.toUpperCase());
    const rows = await db.selectFrom('id_tokens').selectAll().where(sql<SqlBool>`upper(token) = any(${upper}::text[])`).execute();
    for (const row of rows) out.set(row.token.toUpperCase(), row);
  }
  return out;
}

/** Driver ids by lower-case e-mail, for the e-mails given. */
export async function driverIdsByEmail(db: Kysely<Database>, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const lower = emails.map((e) => e.toLowerCase());
  const rows = await db.selectFrom('drivers').select(['id', 'email']).where(sql<SqlBool>`lower(email) = any(${lower}::text[])`).execute();
  return new Map(rows.map((r) => [r.email!.toLowerCase(), r.id]));
}

/** A page of tokens ordered by token text, and the total matching. */
export async function listTokens(db: Kysely<Database>, filter: TokenFilter, limit: number, offset: number): Promise<{ rows: IdToken[]; total: number }> {
  let q = db.selectFrom('id_tokens as t').leftJoin('drivers as d', 'd.id', 't.driver_id');
  if (filter.status) q = q.where('t.status', '=', filter.status);
  if (filter.type) q = q.where('t.type', '=', filter.type);
  if (filter.group) q = q.where(sql<string>`upper(t.group_id)`, '=', filter.group.toUpperCase());
  if (filter.driverId === 'none') q = q.where('t.driver_id', 'is', null);
  else if (filter.driverId) q = q.where('t.driver_id', '=', filter.driverId);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('t.token', 'ilike', like), eb('t.label', 'ilike', like), eb('t.group_id', 'ilike', like), eb('d.name', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll('t').select('d.name as driver_name').orderBy('t.token').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toIdToken), total: count.n };
}

/** Tokens with their drivers' e-mails after `afterToken` in token order, for exports in chunks. */
export async function tokensForExport(db: Kysely<Database>, afterToken: string | null, limit: number): Promise<Array<TokenRow & { driver_email: string | null }>> {
  let q = db.selectFrom('id_tokens as t').leftJoin('drivers as d', 'd.id', 't.driver_id').selectAll('t').select(['d.name as driver_name', 'd.email as driver_email']);
  if (afterToken !== null) q = q.where('t.token', '>', afterToken);
  return q.orderBy('t.token').limit(limit).execute();
}

/** Every group id tag in use, with the number of tokens carrying it. */
export async function listGroups(db: Kysely<Database>): Promise<Array<{ groupId: string; tokens: number }>> {
  const rows = await db.selectFrom('id_tokens').where('group_id', 'is not', null)
    .select([sql<string>`min(group_id)`.as('group_id'), sql<number>`count(*)::int`.as('n')]).groupBy(sql`upper(group_id)`).orderBy(sql`upper(group_id)`).execute();
  return rows.map((r) => ({ groupId: r.group_id, tokens: r.n }));
}
