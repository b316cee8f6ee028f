import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Driver, DriverFilter } from './drivers.js';

/** The stored columns of a driver (undefined: unchanged). */
export interface DriverColumns {
  name?: string;
  email?: string | null;
  phone?: string | null;
  user_id?: string | null;
  notes?: string | null;
}

function withDetails(db: Kysely<Database>) {
  return db.selectFrom('drivers as d').leftJoin('users as u', 'u.id', 'd.user_id').selectAll('d')
    .select(['u.username', sql<number>`(select count(*)::int from id_tokens t where t.driver_id = d.id)`.as('token_count')]);
}

type DriverRow = Awaited<ReturnType<ReturnType<typeof withDetails>['executeTakeFirstOrThrow']>>;

function toDriver(r: DriverRow): Driver {
  return {
    id: r.id, name: r.name, email: r.email, phone: r.phone, userId: r.user_id, username: r.username, notes: r.notes, tokenCount: r.token_count,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/** One driver with their account name and token count. */
export async function findDriver(db: Kysely<Database>, id: string): Promise<Driver | undefined> {
  const row = await withDetails(db).where('d.id', '=', id).executeTakeFirst();
  return row && toDriver(row);
}

/** The driver record of an account, if it has one. */
export async function findDriverOfUser(db: Kysely<Database>, userId: string): Promise<Driver | undefined> {
  const row = await withDetails(db).where('d.user_id', '=', userId).executeTakeFirst();
  return row && toDriver(row);
}

/** Inserts a driver. */
export async function insertDriver(db: Kysely<Database>, id: string, v: Required<DriverColumns>, at: Date): Promise<void> {
  await db.insertInto('drivers').values({ id, ...v, created_at: at, updated_at: at }).execute();
}

/** Changes a driver; false when it does not exist. */
export async function updateDriver(db: Kysely<Database>, id: string, set: DriverColumns, at: Date): Promise<boolean> {
  const row = await db.updateTable('drivers').set({ ...set, updated_at: at }).where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Deletes a driver (their tokens stay, without a driver); false when it did not exist. */
export async function deleteDriver(db: Kysely<Database>, id: string): Promise<boolean> {
  const row = await db.deleteFrom('drivers').where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** A page of drivers by name, and the total matching. */
export async function listDrivers(db: Kysely<Database>, filter: DriverFilter, limit: number, offset: number): Promise<{ rows: Driver[]; total: number }> {
  let where = sql<SqlBool>`true`;
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where = sql<SqlBool>`(d.name ilike ${like} or d.email ilike ${like} or d.phone ilike ${like})`;
  }
  const [rows, count] = await Promise.all([
    withDetails(db).where(where).orderBy(sql`lower(d.name)`).orderBy('d.id').limit(limit).offset(offset).execute(),
    db.selectFrom('drivers as d').where(where).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toDriver), total: count.n };
}
