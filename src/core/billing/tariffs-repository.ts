import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Tariff, TariffAssignment, TariffComponents, TariffScope, TariffSnapshot, TariffTerms } from './billing.js';

interface TariffRow {
  id: string;
  version: number;
  name: string;
  currency: string;
  vat_percent: string;
  components: TariffComponents;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toTariff(r: TariffRow): Tariff {
  return {
    id: r.id, version: r.version, name: r.name, currency: r.currency.trim(), vatPercent: Number(r.vat_percent), components: r.components,
    archived: r.archived_at !== null, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

function current(db: Kysely<Database>) {
  return db.selectFrom('tariffs as t')
    .innerJoin('tariff_versions as v', (j) => j.onRef('v.tariff_id', '=', 't.id').onRef('v.version', '=', 't.current_version'))
    .select(['t.id', 'v.version', 'v.name', 'v.currency', 'v.vat_percent', 'v.components', 't.archived_at', 't.created_at', 't.updated_at']);
}

/** Tariffs at their current version, by name; archived ones only when asked. */
export async function listTariffs(db: Kysely<Database>, includeArchived: boolean): Promise<Tariff[]> {
  let q = current(db);
  if (!includeArchived) q = q.where('t.archived_at', 'is', null);
  const rows = await q.orderBy(sql`lower(v.name)`).orderBy('t.id').execute();
  return rows.map((r) => toTariff(r as unknown as TariffRow));
}

/** One tariff at its current version. */
export async function findTariff(db: Kysely<Database>, id: string): Promise<Tariff | undefined> {
  const row = await current(db).where('t.id', '=', id).executeTakeFirst();
  return row && toTariff(row as unknown as TariffRow);
}

async function insertVersion(trx: Kysely<Database>, id: string, version: number, terms: TariffTerms, at: Date): Promise<void> {
  await trx.insertInto('tariff_versions').values({
    tariff_id: id, version, name: terms.name, currency: terms.currency, vat_percent: terms.vatPercent, components: JSON.stringify(terms.components), created_at: at,
  }).execute();
}

/** Creates a tariff at version 1; returns its id. */
export async function insertTariff(trx: Kysely<Database>, terms: TariffTerms, at: Date): Promise<string> {
  const { id } = await trx.insertInto('tariffs').values({ created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
  await insertVersion(trx, id, 1, terms, at);
  return id;
}

/** Adds the next version of a tariff (the old ones stay for the sessions that use them); returns its number. */
export async function addTariffVersion(trx: Kysely<Database>, id: string, terms: TariffTerms, at: Date): Promise<number> {
  const { current_version } = await trx.updateTable('tariffs').set((eb) => ({ current_version: eb('current_version', '+', 1), updated_at: at }))
    .where('id', '=', id).returning('current_version').executeTakeFirstOrThrow();
  await insertVersion(trx, id, current_version, terms, at);
  return current_version;
}

/** Archives a tariff and drops its assignments; false when it does not exist or was archived already. */
export async function archiveTariff(trx: Kysely<Database>, id: string, at: Date): Promise<boolean> {
  const res = await trx.updateTable('tariffs').set({ archived_at: at, updated_at: at }).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
  await trx.deleteFrom('tariff_assignments').where('tariff_id', '=', id).execute();
  return res.numUpdatedRows > 0n;
}

/** Every assignment with its tariff's name. */
export async function listAssignments(db: Kysely<Database>): Promise<TariffAssignment[]> {
  const rows = await db.selectFrom('tariff_assignments as a')
    .innerJoin('tariffs as t', 't.id', 'a.tariff_id')
    .innerJoin('tariff_versions as v', (j) => j.onRef('v.tariff_id', '=', 't.id').onRef('v.version', '=', 't.current_version'))
    .select(['a.scope', 'a.scope_id', 'a.tariff_id', 'v.name']).orderBy('a.scope').orderBy('a.scope_id').execute();
  return rows.map((r) => ({ scope: r.scope, scopeId: r.scope_id, tariffId: r.tariff_id, tariffName: r.name }));
}

/** Sets (or with a null tariff, removes) the assignment of one scope. */
export async function setAssignment(trx: Kysely<Database>, scope: TariffScope, scopeId: string, tariffId: string | null, at: Date): Promise<void> {
  if (tariffId === null) {
    await trx.deleteFrom('tariff_assignments').where('scope', '=', scope).where('scope_id', '=', scopeId).execute();
    return;
  }
  await trx.insertInto('tariff_assignments').values({ scope, scope_id: scopeId, tariff_id: tariffId, updated_at: at })
    .onConflict((oc) => oc.columns(['scope', 'scope_id']).doUpdateSet({ tariff_id: tariffId, updated_at: at })).execute();
}

/** Whether the thing an assignment names exists (a site by id, a station by id). */
export async function scopeExists(db: Kysely<Database>, scope: 'site' | 'station', id: string): Promise<boolean> {
  const row = scope === 'site'
    ? await db.selectFrom('sites').select('id').where(sql<string>`id::text`, '=', id).executeTakeFirst()
    : await db.selectFrom('stations').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/**
 * The tariff that applies to a session starting now at a station with an id token: the most specific
 * assignment of a tariff that is not archived (token group > station > site > default), at its current
 * version, with the time zone of the station's site (UTC without one). Undefined when none applies.
 */
export async function resolveTariff(db: Kysely<Database>, stationId: string, idToken: string | null): Promise<TariffSnapshot | undefined> {
  const { rows } = await sql<TariffRow & { timezone: string | null }>`
    select t.id, v.version, v.name, v.currency, v.vat_percent, v.components, t.archived_at, t.created_at, t.updated_at,
      (select s.timezone from stations st join sites s on s.id = st.site_id where st.id = ${stationId}) as timezone
    from tariff_assignments a
    join tariffs t on t.id = a.tariff_id and t.archived_at is null
    join tariff_versions v on v.tariff_id = t.id and v.version = t.current_version
    where (a.scope = 'default' and a.scope_id = '')
      or (a.scope = 'station' and a.scope_id = ${stationId})
      or (a.scope = 'site' and a.scope_id = (select site_id::text from stations where id = ${stationId}))
      or (a.scope = 'token_group' and ${idToken}::text is not null
          and a.scope_id = (select group_id from id_tokens where upper(token) = upper(${idToken}::text)))
    order by case a.scope when 'token_group' then 0 when 'station' then 1 when 'site' then 2 else 3 end
    limit 1`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  const t = toTariff(r);
  return { id: t.id, version: t.version, name: t.name, currency: t.currency, vatPercent: t.vatPercent, components: t.components, timezone: r.timezone ?? 'UTC' };
}
