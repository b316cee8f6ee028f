import type { Kysely, Selectable } from 'kysely';
import type { AccessRulesTable, Database } from '../../db/schema.js';
import type { AccessRule, AccessRuleInput, StationPlace } from './access.js';

/** Whose rule: a site's or a station's. */
export type RuleTarget = { siteId: string } | { stationId: string };

function toRule(row: Selectable<AccessRulesTable>): AccessRule {
  return {
    mode: row.mode, groupIds: row.group_ids, driverIds: row.driver_ids, tokens: row.tokens, schedule: row.schedule, outside: row.outside,
    updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by,
  };
}

const column = (target: RuleTarget) => ('siteId' in target ? { col: 'site_id' as const, id: target.siteId } : { col: 'station_id' as const, id: target.stationId });

/** The rule set on a site or a station itself, if any. */
export async function findRule(db: Kysely<Database>, target: RuleTarget): Promise<AccessRule | undefined> {
  const { col, id } = column(target);
  const row = await db.selectFrom('access_rules').selectAll().where(col, '=', id).executeTakeFirst();
  return row && toRule(row);
}

/** Sets (replaces) the rule of a site or station. */
export async function saveRule(db: Kysely<Database>, target: RuleTarget, input: Required<AccessRuleInput>, by: string | null, at: Date): Promise<AccessRule> {
  const { col, id } = column(target);
  const values = {
    mode: input.mode, group_ids: input.groupIds, driver_ids: input.driverIds, tokens: input.tokens, schedule: JSON.stringify(input.schedule),
    outside: input.outside, updated_at: at, updated_by: by,
  };
  await db.deleteFrom('access_rules').where(col, '=', id).execute();
  const row = await db.insertInto('access_rules').values({ ...values, [col]: id }).returningAll().executeTakeFirstOrThrow();
  return toRule(row);
}

/** Removes the rule of a site or station; whether there was one. */
export async function deleteRule(db: Kysely<Database>, target: RuleTarget): Promise<boolean> {
  const { col, id } = column(target);
  const result = await db.deleteFrom('access_rules').where(col, '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A station's site (name, time zone) and the rules of both; undefined for a station not stored. */
export async function loadPlace(db: Kysely<Database>, stationId: string): Promise<StationPlace | undefined> {
  const station = await db.selectFrom('stations').leftJoin('sites', 'sites.id', 'stations.site_id')
    .select(['stations.id', 'stations.site_id', 'sites.name as site_name', 'sites.timezone']).where('stations.id', '=', stationId).executeTakeFirst();
  if (!station) return undefined;
  const rows = await db.selectFrom('access_rules').selectAll()
    .where((eb) => eb.or([eb('station_id', '=', stationId), ...(station.site_id ? [eb('site_id', '=', station.site_id)] : [])])).execute();
  const stationRow = rows.find((r) => r.station_id === stationId);
  const siteRow = rows.find((r) => r.site_id !== null);
  return {
    stationId, siteId: station.site_id, siteName: station.site_name, timezone: station.timezone ?? 'UTC',
    stationRule: stationRow && toRule(stationRow), siteRule: siteRow && toRule(siteRow),
  };
}

/**
 * The station's own StopTransactionOnInvalidId (1.6 configuration key) or TxCtrlr.StopTxOnInvalidId (2.0.1
 * variable), as last reported; undefined when it never reported one.
 */
export async function reportedStopOnInvalidId(db: Kysely<Database>, stationId: string): Promise<boolean | undefined> {
  const row = await db.selectFrom('station_variables').select('value')
    .where('station_id', '=', stationId).where('attribute_type', '=', 'Actual').where('evse_id', '=', 0)
    .where((eb) => eb.or([
      eb.and([eb('component', '=', ''), eb('variable', '=', 'StopTransactionOnInvalidId')]),
      eb.and([eb('component', '=', 'TxCtrlr'), eb('variable', '=', 'StopTxOnInvalidId')]),
    ]))
    .executeTakeFirst();
  const value = row?.value?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Whether a station is stored. */
export async function stationExists(db: Kysely<Database>, stationId: string): Promise<boolean> {
  return (await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst()) !== undefined;
}

/** Whether a site is stored. */
export async function siteExists(db: Kysely<Database>, siteId: string): Promise<boolean> {
  return (await db.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst()) !== undefined;
}

