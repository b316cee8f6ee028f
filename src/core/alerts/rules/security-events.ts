import type { DomainEvent } from '../../../bus/bus.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { CRITICAL_SECURITY_EVENT_TYPES, ROUTINE_SECURITY_EVENT_TYPES } from '../../security/index.js';
import { RULE_KEYS } from './catalog.js';
import { stationSettings, stationSubject, str } from './rule-support.js';

const KEY = RULE_KEYS.securityEvent;

/** Routine types (boot, reset, update) are judged by the reboot-loop and firmware rules, not here. */
export const ROUTINE_SECURITY_EVENTS: ReadonlySet<string> = new Set(ROUTINE_SECURITY_EVENT_TYPES);

/** Types the OCPP lists mark critical, less the routine ones: these become critical incidents. */
export const CRITICAL_SECURITY_EVENTS: ReadonlySet<string> = new Set(CRITICAL_SECURITY_EVENT_TYPES.filter((t) => !ROUTINE_SECURITY_EVENTS.has(t)));

/**
 * Security events reported by stations (SecurityEventNotification). Every other type raises on the station
 * (more events count occurrences); critical types raise as critical. An operator resolves them. Stateless.
 */
export const securityEvents: RuleEvaluatorFactory = (ctx): RuleEvaluator => ({
  ruleKeys: [KEY],
  eventTypes: ['station.security'],

  async onEvent(e: DomainEvent) {
    const stationId = e.stationId;
    const type = str(e.data.type) ?? str(e.data.status);
    if (!stationId || !type || ROUTINE_SECURITY_EVENTS.has(type)) return;
    if (!stationSettings(ctx, KEY, stationId).enabled) return;
    const techInfo = str(e.data.techInfo);
    const critical = CRITICAL_SECURITY_EVENTS.has(type);
    await ctx.sink.raise({
      ruleKey: KEY, subject: stationSubject(ctx, stationId), at: new Date(e.at), title: `Security event on ${stationId}: ${type}${techInfo ? ` (${techInfo})` : ''}`,
      details: { type, techInfo, timestamp: str(e.data.timestamp) }, ...(critical ? { severity: 'critical' as const } : {}),
    });
  },
});
