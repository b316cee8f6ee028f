import type { DomainEvent } from '../../../bus/bus.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { stationSettings, stationSubject, str } from './rule-support.js';

const KEY = RULE_KEYS.securityEvent;

/**
 * Types the OCPP 1.6 security whitepaper (appendix "Security Events") and OCPP 2.0.1 mark critical, less
 * the three that record routine operations (below): these become critical incidents.
 */
export const CRITICAL_SECURITY_EVENTS: ReadonlySet<string> = new Set([
  'SettingSystemTime', 'SecurityLogWasCleared', 'MemoryExhaustion', 'TamperDetectionActivated', 'MaintenanceLoginAccepted', 'MaintenanceLoginFailed',
]);

/**
 * Critical in the whitepaper but the normal record of a boot, a reset or an update: the reboot-loop and
 * firmware rules judge those, so they raise no security incident.
 */
export const ROUTINE_SECURITY_EVENTS: ReadonlySet<string> = new Set(['StartupOfTheDevice', 'ResetOrReboot', 'FirmwareUpdated']);

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
