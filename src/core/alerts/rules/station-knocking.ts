import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { Subject } from '../alerts.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { minutes, param, RecentTimes, str } from './rule-support.js';

const KNOCKING = RULE_KEYS.unknownStationAttempts;
const LOGINS = RULE_KEYS.stationLoginFailures;
type Key = typeof KNOCKING | typeof LOGINS;

/** Refusals of who a station claims to be: unknown (404), or rejected/disabled (403 outside a credential check). */
const isIdentityRefusal = (status: unknown, loginFailure: boolean): boolean => status === 404 || (status === 403 && !loginFailure);
/** Attempts older than this are forgotten whatever the window setting (bounds memory). */
const KEEP_MS = 24 * 3_600_000;
/** At most this many keys are remembered per rule and kind, so a flood of made-up identities cannot exhaust memory. */
const MAX_KEYS = 50_000;

/**
 * Attempts to connect that the gateway refused: unknown (or rejected/disabled) identities knocking
 * (`station.admission_refused` with 403/404) and failed Basic-auth logins (`station.login_failed`). Each rule
 * counts per identity and per address; at `attempts` within `windowMin` it raises on that identity (a station
 * subject, known or not) or address, and clears after a window without one. Network settings only: the
 * identities are often not stations of any site.
 */
export const stationKnocking: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const recent = { [KNOCKING]: new RecentTimes(), [LOGINS]: new RecentTimes() };
  const raised = { [KNOCKING]: new Map<string, Subject>(), [LOGINS]: new Map<string, Subject>() };
  const settingsOf = (rule: Key) => ctx.settings.settingsFor(rule, null);
  const windowMs = (rule: Key) => minutes(param(settingsOf(rule), 'windowMin', 10));

  const count = async (rule: Key, key: string, subject: Subject, at: Date, detail: Record<string, unknown>): Promise<void> => {
    const settings = settingsOf(rule);
    if (!settings.enabled) return;
    if (!recent[rule].keys().includes(key) && recent[rule].keys().length >= MAX_KEYS) return;
    const n = recent[rule].add(key, at.getTime(), windowMs(rule));
    if (n < param(settings, 'attempts', 5) || raised[rule].has(key)) return;
    raised[rule].set(key, subject);
    const who = subject.type === 'address' ? `from ${subject.address ?? ''}` : `as ${subject.stationId ?? ''}`;
    const what = rule === KNOCKING ? 'refused connection attempts' : 'failed station logins';
    await ctx.sink.raise({ ruleKey: rule, subject, at, title: `${n} ${what} ${who} within ${param(settings, 'windowMin', 10)} min`, details: { attempts: n, ...detail } });
  };

  const attempt = async (rule: Key, e: DomainEvent, identity: string | null, address: string | null): Promise<void> => {
    const at = new Date(e.at);
    const detail = { lastIdentity: identity, lastAddress: address, lastReason: str(e.data.reason) };
    if (identity) await count(rule, `id:${identity}`, { type: 'station', stationId: identity, ...siteOf(identity) }, at, detail);
    if (address) await count(rule, `ip:${address}`, { type: 'address', address }, at, detail);
  };
  const siteOf = (stationId: string) => {
    const siteId = ctx.siteOf(stationId);
    return siteId ? { siteId } : {};
  };

  return {
    ruleKeys: [KNOCKING, LOGINS],
    eventTypes: ['station.admission_refused', 'station.login_failed'],

    async onEvent(e: DomainEvent) {
      const identity = str(e.data.identity) ?? e.stationId ?? null;
      const address = str(e.data.address);
      const status = e.data.status;
      // An unknown identity (404) is knocking, not a wrong password, even when the gateway logs it as a failed login.
      if (e.type === 'station.login_failed' && status !== 404) return attempt(LOGINS, e, identity, address);
      if (e.type === 'station.admission_refused' && isIdentityRefusal(status, e.data.loginFailure === true)) return attempt(KNOCKING, e, identity, address);
    },

    async sweep(now: Date) {
      const tick = yieldEvery();
      for (const rule of [KNOCKING, LOGINS] as const) {
        for (const [key, subject] of [...raised[rule]]) {
          await tick();
          if (raised[rule].get(key) !== subject) continue;
          if (recent[rule].count(key, now.getTime(), windowMs(rule)) > 0) continue;
          raised[rule].delete(key);
          await ctx.sink.clear(rule, subject, now, 'no attempt within the window');
        }
        for (const key of recent[rule].keys()) {
          await tick();
          if (!raised[rule].has(key)) recent[rule].count(key, now.getTime(), KEEP_MS);
        }
      }
    },
  };
};
