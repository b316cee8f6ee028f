import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, SitesTable } from '../../db/schema.js';
import type { Site } from './sites.js';

/** A site row as the API shows it. */
export function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: row.id, name: row.name, address: row.address, latitude: row.latitude, longitude: row.longitude, timezone: row.timezone,
    openingHours: row.opening_hours ?? {}, maxPowerKw: row.max_power_kw, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** Every site, by name. */
export async function listSites(db: Kysely<Database>): Promise<Site[]> {
  return (await db.selectFrom('sites').selectAll().orderBy((eb) => eb.fn('lower', ['name'])).orderBy('id').execute()).map(toSite);
}

/** One site, or undefined. */
export async function findSite(db: Kysely<Database>, id: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSite(row);
}

/** Inserts a site and returns it. */
export async function insertSite(trx: Kysely<Database>, values: Insertable<SitesTable>): Promise<Site> {
  return toSite(await trx.insertInto('sites').values(values).returningAll().executeTakeFirstOrThrow());
}

/** Changes a site; undefined when it does not exist. */
export async function updateSite(trx: Kysely<Database>, id: string, set: Updateable<SitesTable>): Promise<Site | undefined> {
  const row = await trx.updateTable('sites').set(set).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toSite(row);
}

/** Deletes a site (its stations stay, without a site); false when it did not exist. */
export async function deleteSite(trx: Kysely<Database>, id: string): Promise<boolean> {
  const res = await trx.deleteFrom('sites').where('id', '=', id).executeTakeFirst();
  return res.numDeletedRows > 0n;
}
