import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, IdTokensTable } from '../../db/schema.js';
import type { IdToken, TokenFilter, TokenStatus } from './tokens.js';

/** The token row as the API shows it. */
export function toIdToken(row: Selectable<IdTokensTable>): IdToken {
  return {
    token: row.token, type: row.type, status: row.status, expiresAt: row.expires_at ? row.expires_at.toISOString() : null,
    groupId: row.group_id, label: row.label, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** Finds a token ignoring case (uses the unique index on upper(token)). */
export async function findToken(db: Kysely<Database>, token: string): Promise<Selectable<IdTokensTable> | undefined> {
  return db.selectFrom('id_tokens').where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).selectAll().executeTakeFirst();
}

/** Inserts a token; undefined when one with the same text (ignoring case) exists. */
export async function insertToken(db: Kysely<Database>, v: { token: string; type: string; status: TokenStatus; expiresAt: Date | null; groupId: string | null; label: string | null; at: Date }): Promise<IdToken | undefined> {
  const row = await db
    .insertInto('id_tokens')
    .values({ token: v.token, type: v.type, status: v.status, expires_at: v.expiresAt, group_id: v.groupId, label: v.label, created_at: v.at, updated_at: v.at })
    .onConflict((oc) => oc.expression(sql`upper(token)`).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toIdToken(row);
}

/** Changes a token's status; undefined when it does not exist. */
export async function updateTokenStatus(db: Kysely<Database>, token: string, status: TokenStatus, at: Date): Promise<IdToken | undefined> {
  const row = await db.updateTable('id_tokens').set({ status, updated_at: at }).where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).returningAll().executeTakeFirst();
  return row && toIdToken(row);
}

/** Changes a token's status, label and/or expiry; undefined when it does not exist. */
export async function updateToken(db: Kysely<Database>, token: string, set: { status?: TokenStatus; label?: string | null; expiresAt?: Date | null }, at: Date): Promise<IdToken | undefined> {
  const row = await db.updateTable('id_tokens')
    .set({
      updated_at: at, ...(set.status !== undefined ? { status: set.status } : {}), ...(set.label !== undefined ? { label: set.label } : {}),
      ...(set.expiresAt !== undefined ? { expires_at: set.expiresAt } : {}),
    })
    .where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).returningAll().executeTakeFirst();
  return row && toIdToken(row);
}

/** Deletes a token; returns its stored spelling, or undefined when it did not exist. */
export async function deleteToken(db: Kysely<Database>, token: string): Promise<string | undefined> {
  const row = await db.deleteFrom('id_tokens').where(sql<string>`upper(token)`, '=', sql<string>`upper(${token})`).returning('token').executeTakeFirst();
  return row?.token;
}

/** A page of tokens ordered by token text, and the total matching. */
export async function listTokens(db: Kysely<Database>, filter: TokenFilter, limit: number, offset: number): Promise<{ rows: IdToken[]; total: number }> {
  let q = db.selectFrom('id_tokens');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('token', 'ilike', like), eb('label', 'ilike', like), eb('group_id', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('token').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toIdToken), total: count.n };
}
