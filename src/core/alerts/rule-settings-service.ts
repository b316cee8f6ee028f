import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { withEvents } from '../shared/with-events.js';
import type { AlertRule, AlertRuleChange, AlertRuleSiteChange, AlertRuleSiteOverride, RuleDefinition, RuleSettings, RuleSettingsProvider } from './alerts.js';
import { applyRuleChange, checkSiteChange, defaultsOf, effectiveSettings, knownParams, type StoredRule } from './rule-settings.js';
import {
  deleteSiteOverride, loadRules, loadSiteOverrides, loadSiteRemediation, saveRule, saveSiteOverride, saveSiteRemediation, seedRules, siteExists,
} from './rule-settings-repository.js';

/** What the RuleSettingsService is built from. */
export interface RuleSettingsServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** The rules the product ships (src/core/alerts/rules); tests pass their own. */
  catalog: readonly RuleDefinition[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Alert rules' settings: the catalog (code) merged with the operators' settings (alert_rules, per-site
 * overrides, per-site remediation switch). Reads come from memory; every edit reloads it.
 */
export class RuleSettingsService implements RuleSettingsProvider {
  private readonly definitions: Map<string, RuleDefinition>;
  private rules = new Map<string, StoredRule>();
  private overrides = new Map<string, AlertRuleSiteOverride>();
  private remediation = new Map<string, boolean>();
  /** Effective settings by `key|site`, computed once per load (rules read them per event). */
  private effective = new Map<string, RuleSettings>();

  constructor(private readonly deps: RuleSettingsServiceDeps) {
    this.definitions = new Map(deps.catalog.map((d) => [d.key, d]));
  }

  /** Adds the catalog's rules that have no settings yet (with their defaults), then loads every setting. */
  async start(): Promise<void> {
    const added = await seedRules(this.deps.db, this.deps.catalog.map(defaultsOf), this.deps.clock.now());
    if (added > 0) this.deps.logger.info({ added }, 'alert rules added with their defaults');
    await this.reload();
  }

  /** Reads every setting again (after an edit here, or one announced on the bus by another node). */
  async reload(): Promise<void> {
    const [rules, overrides, remediation] = await Promise.all([loadRules(this.deps.db), loadSiteOverrides(this.deps.db), loadSiteRemediation(this.deps.db)]);
    this.rules = new Map(rules.map((r) => [r.key, r]));
    this.overrides = new Map(overrides.map((o) => [`${o.ruleKey}|${o.siteId}`, o]));
    this.remediation = remediation;
    this.effective = new Map();
  }

  /** A rule of the catalog, or undefined (a key only in the table belongs to no shipped rule and is ignored). */
  definition(key: string): RuleDefinition | undefined {
    return this.definitions.get(key);
  }

  /** The settings of `key` at `siteId` (the network settings without a site). Throws for a key outside the catalog. */
  settingsFor(key: string, siteId: string | null | undefined): RuleSettings {
    const cacheKey = `${key}|${siteId ?? ''}`;
    const cached = this.effective.get(cacheKey);
    if (cached) return cached;
    const def = this.definitions.get(key);
    if (!def) throw new Error(`rule ${key} is not in the rule catalog`);
    const settings = effectiveSettings(def, this.rules.get(key) ?? defaultsOf(def), siteId ? this.overrides.get(`${key}|${siteId}`) : undefined, siteId ? this.remediation.get(siteId) ?? true : true);
    this.effective.set(cacheKey, settings);
    return settings;
  }

  /** Whether automatic remediation is allowed at a site (true unless switched off). */
  remediationAllowed(siteId: string): boolean {
    return this.remediation.get(siteId) ?? true;
  }

  /** Every rule of the catalog with its settings and site overrides, in catalog order. */
  list(): AlertRule[] {
    return this.deps.catalog.map((def) => this.view(def));
  }

  /** One rule; NotFoundError for a key outside the catalog. */
  get(key: string): AlertRule {
    return this.view(this.def(key));
  }

  /** Changes a rule's network settings. */
  async update(key: string, change: AlertRuleChange, actor: string): Promise<AlertRule> {
    const def = this.def(key);
    const next = applyRuleChange(def, this.rules.get(key) ?? defaultsOf(def), change);
    await this.commit(async (trx) => saveRule(trx, next, this.deps.clock.now(), actor), this.event('alert_rule.updated', { ruleKey: key }));
    return this.get(key);
  }

  /** A site's overrides of a rule; NotFoundError when it has none. */
  siteOverride(key: string, siteId: string): AlertRuleSiteOverride {
    this.def(key);
    const o = this.overrides.get(`${key}|${siteId}`);
    if (!o) throw new NotFoundError('site override', `${key}/${siteId}`);
    return o;
  }

  /** Sets (replaces) a site's overrides of a rule. */
  async setSiteOverride(key: string, siteId: string, change: AlertRuleSiteChange, actor: string): Promise<AlertRuleSiteOverride> {
    const o = checkSiteChange(this.def(key), change);
    await this.checkSite(siteId);
    await this.commit((trx) => saveSiteOverride(trx, key, siteId, o, this.deps.clock.now(), actor), this.event('alert_rule.site_override', { ruleKey: key, siteId }));
    return this.siteOverride(key, siteId);
  }

  /** Removes a site's overrides of a rule (the network settings apply there again). */
  async removeSiteOverride(key: string, siteId: string): Promise<void> {
    this.siteOverride(key, siteId);
    await this.commit(async (trx) => {
      await deleteSiteOverride(trx, key, siteId);
    }, this.event('alert_rule.site_override', { ruleKey: key, siteId, removed: true }));
  }

  /** Switches automatic remediation on or off for every rule at a site. */
  async setSiteRemediation(siteId: string, enabled: boolean, actor: string): Promise<void> {
    await this.checkSite(siteId);
    await this.commit((trx) => saveSiteRemediation(trx, siteId, enabled, this.deps.clock.now(), actor), this.event('alert_rule.site_remediation', { siteId, enabled }));
  }

  private view(def: RuleDefinition): AlertRule {
    const s = this.rules.get(def.key) ?? defaultsOf(def);
    const d = defaultsOf(def);
    return {
      key: def.key, name: def.name, category: def.category, description: def.description,
      defaults: { severity: d.severity, escalateAfterMin: d.escalateAfterMin, params: d.params, channels: d.channels, remediation: d.remediation },
      enabled: s.enabled, severity: s.severity, escalateAfterMin: s.escalateAfterMin, params: { ...def.params, ...knownParams(def, s.params) },
      channels: s.channels, remediation: s.remediation, updatedAt: s.updatedAt, updatedBy: s.updatedBy,
      siteOverrides: [...this.overrides.values()].filter((o) => o.ruleKey === def.key).map((o) => ({ ...o, params: knownParams(def, o.params) })),
    };
  }

  private def(key: string): RuleDefinition {
    const def = this.definitions.get(key);
    if (!def) throw new NotFoundError('alert rule', key);
    return def;
  }

  private async checkSite(siteId: string): Promise<void> {
    if (!UUID.test(siteId) || !(await siteExists(this.deps.db, siteId))) throw new NotFoundError('site', siteId);
  }

  private async commit(work: (trx: Kysely<Database>) => Promise<void>, event: DomainEvent): Promise<void> {
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      await work(trx);
      return { result: undefined, events: [event] };
    });
    await this.reload();
  }

  private event(type: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data };
  }
}
