import { ValidationError } from '../shared/app-error.js';
import {
  CHANNELS, REMEDIATION_ACTIONS, SEVERITIES, type AlertRuleChange, type AlertRuleSiteChange, type Channel, type RemediationLadder, type RuleDefinition,
  type RuleSettings, type Severity,
} from './alerts.js';

/** Rule parameter values. */
export type RuleParams = Record<string, number | boolean | string>;

/** A rule's network settings as stored (alert_rules). */
export interface StoredRule {
  key: string;
  enabled: boolean;
  severity: Severity;
  escalateAfterMin: number | null;
  params: RuleParams;
  channels: Channel[];
  remediation: RemediationLadder;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A site's overrides of a rule as stored (alert_rule_sites). */
export interface StoredSiteOverride {
  enabled: boolean | null;
  severity: Severity | null;
  params: RuleParams;
}

const MAX_ESCALATE_MIN = 10_080;
const MAX_STEP_DELAY_S = 7 * 86_400;
const MAX_STEPS = 10;

/** The catalog's defaults as stored settings (what a rule starts with). */
export function defaultsOf(def: RuleDefinition): StoredRule {
  return {
    key: def.key, enabled: true, severity: def.severity, escalateAfterMin: def.escalateAfterMin, params: { ...def.params },
    channels: [...def.channels], remediation: { enabled: def.remediation.enabled, steps: def.remediation.steps.map((s) => ({ ...s })) }, updatedAt: null, updatedBy: null,
  };
}

/** Only the params the catalog defines, with the catalog's type: a stored value a later version dropped or retyped is ignored. */
export function knownParams(def: RuleDefinition, params: RuleParams): RuleParams {
  const out: RuleParams = {};
  for (const [name, value] of Object.entries(params)) {
    const fallback = def.params[name];
    if (fallback !== undefined && typeof fallback === typeof value) out[name] = value;
  }
  return out;
}

/** The effective settings of a rule at a site: the catalog's params, the network settings, then the site's overrides. */
export function effectiveSettings(def: RuleDefinition, network: StoredRule, site: StoredSiteOverride | undefined, remediationAllowed: boolean): RuleSettings {
  return {
    key: def.key,
    enabled: site?.enabled ?? network.enabled,
    severity: site?.severity ?? network.severity,
    escalateAfterMin: network.escalateAfterMin,
    params: { ...def.params, ...knownParams(def, network.params), ...(site ? knownParams(def, site.params) : {}) },
    channels: network.channels.filter((c) => CHANNELS.includes(c)),
    remediation: network.remediation,
    remediationAllowed,
  };
}

/** Checks a change of a rule's network settings and returns the settings it leads to; ValidationError names the first fault. */
export function applyRuleChange(def: RuleDefinition, current: StoredRule, change: AlertRuleChange): StoredRule {
  const next: StoredRule = { ...current, params: { ...knownParams(def, current.params) } };
  if (change.enabled !== undefined) next.enabled = checkBoolean('enabled', change.enabled);
  if (change.severity !== undefined) next.severity = checkSeverity('severity', change.severity);
  if (change.escalateAfterMin !== undefined) {
    const m = change.escalateAfterMin;
    if (m !== null && (!Number.isInteger(m) || m < 1 || m > MAX_ESCALATE_MIN)) throw new ValidationError(`escalateAfterMin must be null or a whole number of minutes from 1 to ${MAX_ESCALATE_MIN}`, { escalateAfterMin: m });
    next.escalateAfterMin = m;
  }
  if (change.params !== undefined) Object.assign(next.params, checkParams(def, change.params));
  if (change.channels !== undefined) {
    if (!Array.isArray(change.channels)) throw new ValidationError('channels must be a list', { channels: change.channels });
    for (const c of change.channels) if (!CHANNELS.includes(c)) throw new ValidationError(`channels: ${String(c)} is not one of ${CHANNELS.join(', ')}`, { channel: c });
    next.channels = [...new Set(change.channels)];
  }
  if (change.remediation !== undefined) next.remediation = checkLadder(change.remediation);
  return next;
}

/** Checks a site's overrides of a rule. */
export function checkSiteChange(def: RuleDefinition, change: AlertRuleSiteChange): StoredSiteOverride {
  return {
    enabled: change.enabled === undefined || change.enabled === null ? null : checkBoolean('enabled', change.enabled),
    severity: change.severity === undefined || change.severity === null ? null : checkSeverity('severity', change.severity),
    params: change.params === undefined ? {} : checkParams(def, change.params),
  };
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${field} must be true or false`, { [field]: value });
  return value;
}

function checkSeverity(field: string, value: unknown): Severity {
  if (!SEVERITIES.includes(value as Severity)) throw new ValidationError(`${field} must be one of ${SEVERITIES.join(', ')}`, { [field]: value });
  return value as Severity;
}

function checkParams(def: RuleDefinition, params: unknown): RuleParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new ValidationError('params must be an object', { params });
  const out: RuleParams = {};
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    const fallback = def.params[name];
    if (fallback === undefined) throw new ValidationError(`params.${name} is not a parameter of rule ${def.key} (known: ${Object.keys(def.params).join(', ') || 'none'})`, { param: name });
    if (typeof value !== typeof fallback) throw new ValidationError(`params.${name} must be a ${typeof fallback}`, { param: name, value });
    if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) throw new ValidationError(`params.${name} must be a finite number not below 0`, { param: name, value });
    if (typeof value === 'string' && value.length > 200) throw new ValidationError(`params.${name} is longer than 200 characters`, { param: name });
    out[name] = value as number | boolean | string;
  }
  return out;
}

function checkLadder(ladder: unknown): RemediationLadder {
  const l = ladder as Partial<RemediationLadder> | null;
  if (typeof l !== 'object' || l === null || typeof l.enabled !== 'boolean' || !Array.isArray(l.steps)) throw new ValidationError('remediation must be { enabled, steps }', { remediation: ladder });
  if (l.steps.length > MAX_STEPS) throw new ValidationError(`remediation has at most ${MAX_STEPS} steps`);
  let previous = 0;
  const steps = l.steps.map((step, i) => {
    if (!REMEDIATION_ACTIONS.includes(step?.action)) throw new ValidationError(`remediation.steps[${i}].action must be one of ${REMEDIATION_ACTIONS.join(', ')}`, { step: i });
    if (!Number.isInteger(step.afterS) || step.afterS < 0 || step.afterS > MAX_STEP_DELAY_S) throw new ValidationError(`remediation.steps[${i}].afterS must be whole seconds from 0 to ${MAX_STEP_DELAY_S}`, { step: i });
    // Steps run in order, each a time after the incident opened: a step cannot come before the one above it.
    if (step.afterS < previous) throw new ValidationError(`remediation.steps[${i}] runs before the step above it (afterS ${step.afterS} < ${previous})`, { step: i });
    previous = step.afterS;
    return { action: step.action, afterS: step.afterS };
  });
  return { enabled: l.enabled, steps };
}
