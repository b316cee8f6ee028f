import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AlertRuleSiteOverride, Channel, RemediationLadder, RemediationStep } from './alerts.js';
import type { StoredRule, StoredSiteOverride } from './rule-settings.js';

/** Inserts the rules that have no row yet with their defaults; rows operators edited are left alone. */
export async function seedRules(db: Kysely<Database>, rules: readonly StoredRule[], at: Date): Promise<number> {
  if (rules.length === 0) return 0;
  const res = await db.insertInto('alert_rules').values(rules.map((r) => ({
    key: r.key, enabled: r.enabled, severity: r.severity, escalate_after_min: r.escalateAfterMin, params: JSON.stringify(r.params),
    channels: r.channels, remediation: JSON.stringify(r.remediation), updated_at: at, updated_by: null,
  }))).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n);
}

/** Every rule's network settings. */
export async function loadRules(db: Kysely<Database>): Promise<StoredRule[]> {
  const rows = await db.selectFrom('alert_rules').selectAll().execute();
  return rows.map((r) => ({
    key: r.key, enabled: r.enabled, severity: r.severity, escalateAfterMin: r.escalate_after_min, params: r.params ?? {}, channels: r.channels as Channel[],
    remediation: { enabled: r.remediation.enabled, steps: r.remediation.steps as RemediationStep[] } satisfies RemediationLadder,
    updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by,
  }));
}

/** Every site override of every rule. */
export async function loadSiteOverrides(db: Kysely<Database>): Promise<AlertRuleSiteOverride[]> {
  const rows = await db.selectFrom('alert_rule_sites').selectAll().orderBy('rule_key').orderBy('site_id').execute();
  return rows.map((r) => ({ ruleKey: r.rule_key, siteId: r.site_id, enabled: r.enabled, severity: r.severity, params: r.params ?? {}, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by }));
}

/** Sites that switched automatic remediation off or on explicitly. */
export async function loadSiteRemediation(db: Kysely<Database>): Promise<Map<string, boolean>> {
  const rows = await db.selectFrom('alert_site_settings').select(['site_id', 'remediation_enabled']).execute();
  return new Map(rows.map((r) => [r.site_id, r.remediation_enabled]));
}

/** Writes a rule's network settings. */
export async function saveRule(trx: Kysely<Database>, r: StoredRule, at: Date, by: string): Promise<void> {
  await trx.updateTable('alert_rules').set({
    enabled: r.enabled, severity: r.severity, escalate_after_min: r.escalateAfterMin, params: JSON.stringify(r.params), channels: r.channels,
    remediation: JSON.stringify(r.remediation), updated_at: at, updated_by: by,
  }).where('key', '=', r.key).execute();
}

/** Writes (replaces) a site's overrides of a rule. */
export async function saveSiteOverride(trx: Kysely<Database>, ruleKey: string, siteId: string, o: StoredSiteOverride, at: Date, by: string): Promise<void> {
  const values = { enabled: o.enabled, severity: o.severity, params: JSON.stringify(o.params), updated_at: at, updated_by: by };
  await trx.insertInto('alert_rule_sites').values({ rule_key: ruleKey, site_id: siteId, ...values })
    .onConflict((oc) => oc.columns(['rule_key', 'site_id']).doUpdateSet(values)).execute();
}

/** Removes a site's overrides of a rule; false when it had none. */
export async function deleteSiteOverride(trx: Kysely<Database>, ruleKey: string, siteId: string): Promise<boolean> {
  const res = await trx.deleteFrom('alert_rule_sites').where('rule_key', '=', ruleKey).where('site_id', '=', siteId).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** Switches automatic remediation on or off for a site. */
export async function saveSiteRemediation(trx: Kysely<Database>, siteId: string, enabled: boolean, at: Date, by: string): Promise<void> {
  const values = { remediation_enabled: enabled, updated_at: at, updated_by: by };
  await trx.insertInto('alert_site_settings').values({ site_id: siteId, ...values }).onConflict((oc) => oc.column('site_id').doUpdateSet(values)).execute();
}

/** Whether a site exists. */
export async function siteExists(db: Kysely<Database>, siteId: string): Promise<boolean> {
  return (await db.selectFrom('sites').select('id').where('id', '=', siteId).executeTakeFirst()) !== undefined;
}
