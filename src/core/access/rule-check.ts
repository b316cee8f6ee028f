import { localTime } from '../billing/index.js';
import type { AccessRule, StationPlace, WeeklySchedule } from './access.js';

/** The rule that applies to a station: its own, else its site's, else none (public). */
export function ruleOf(place: StationPlace): { rule: AccessRule; where: string } | undefined {
  if (place.stationRule) return { rule: place.stationRule, where: `station ${place.stationId}` };
  if (place.siteRule) return { rule: place.siteRule, where: `site ${place.siteName ?? place.siteId ?? ''}` };
  return undefined;
}

/** Whether a rule lists the token: by its text, its group (parent id tag) or its driver. Case-insensitive. */
export function isListed(rule: AccessRule, token: { token: string; groupId: string | null; driverId: string | null }): boolean {
  const up = (s: string) => s.toUpperCase();
  if (rule.tokens.some((t) => up(t) === up(token.token))) return true;
  if (token.groupId !== null && rule.groupIds.some((g) => up(g) === up(token.groupId!))) return true;
  return token.driverId !== null && rule.driverIds.includes(token.driverId);
}

const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether an instant falls within a weekly schedule read on the clocks of `timeZone` (ranges are [from, to)). */
export function withinSchedule(schedule: WeeklySchedule, timeZone: string, at: Date): boolean {
  const local = localTime(timeZone, at.getTime());
  return (schedule[local.weekday] ?? []).some(([from, to]) => local.minute >= minuteOf(from) && local.minute < minuteOf(to));
}

/** The outcome of a place's rule for one token: allowed, or refused with the 2.0.1 status and why. */
export type RuleOutcome = { allowed: true } | { allowed: false; status: 'NotAtThisLocation' | 'NotAtThisTime'; reason: string };

/** Applies the rule of a place to a token (undefined token facts: a token not stored, which no rule lists). */
export function checkRule(place: StationPlace, token: { token: string; groupId: string | null; driverId: string | null }, at: Date): RuleOutcome {
  const applying = ruleOf(place);
  if (!applying || applying.rule.mode === 'public') return { allowed: true };
  const { rule, where } = applying;
  if (rule.mode === 'private') {
    return isListed(rule, token) ? { allowed: true } : { allowed: false, status: 'NotAtThisLocation', reason: `token ${token.token} has no access to ${where} (private)` };
  }
  if (withinSchedule(rule.schedule, place.timezone, at)) return { allowed: true };
  if (rule.outside === 'listed' && isListed(rule, token)) return { allowed: true };
  return { allowed: false, status: 'NotAtThisTime', reason: `token ${token.token} has no access to ${where} at this time (schedule, ${place.timezone})` };
}
