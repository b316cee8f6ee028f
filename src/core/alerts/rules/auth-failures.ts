import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { Subject } from '../alerts.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { minutes, param, RecentTimes, stationSettings, stationSubject, str } from './rule-support.js';

const AT_STATION = RULE_KEYS.stationAuthFailures;
const OF_TOKEN = RULE_KEYS.tokenAuthFailures;

/** Decisions that are an attempt to charge; a token refused at the stop of a running session is not. */
const ATTEMPTS = new Set(['authorize', 'start', 'transaction']);
/** Refusals older than this are forgotten whatever the window setting (bounds memory). */
const KEEP_MS = 24 * 3_600_000;

/**
 * Repeated failed authorizations, from the token service's `token.authorization` decisions: many refusals
 * at one station (someone trying cards), or of one token anywhere (a cloned or blocked card in use).
 * Clears after a window without a refusal. State: recent refusal times per station and per token.
 */
export const authFailures: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const recent = { [AT_STATION]: new RecentTimes(), [OF_TOKEN]: new RecentTimes() };
  /** Raised incidents by rule and key (station id, or lower-cased token), with the subject to clear. */
  const raised = { [AT_STATION]: new Map<string, { subject: Subject; stationId: string }>(), [OF_TOKEN]: new Map<string, { subject: Subject; stationId: string }>() };

  const count = async (rule: typeof AT_STATION | typeof OF_TOKEN, key: string, subject: Subject, stationId: string, token: string, status: string, at: Date): Promise<void> => {
    const settings = stationSettings(ctx, rule, stationId);
    const n = recent[rule].add(key, at.getTime(), minutes(param(settings, 'windowMin', 10)));
    const failures = param(settings, 'failures', rule === AT_STATION ? 5 : 3);
    if (n < failures || raised[rule].has(key) || !settings.enabled) return;
    raised[rule].set(key, { subject, stationId });
    await ctx.sink.raise({
      ruleKey: rule, subject, at,
      title: rule === AT_STATION ? `${n} refused authorizations at ${stationId} within ${param(settings, 'windowMin', 10)} min` : `Token ${token} refused ${n} times within ${param(settings, 'windowMin', 10)} min`,
      details: { failures: n, lastToken: token, lastStatus: status, lastStation: stationId },
    });
  };

  return {
    ruleKeys: [AT_STATION, OF_TOKEN],
    eventTypes: ['token.authorization'],

    async onEvent(e: DomainEvent) {
      const stationId = str(e.data.stationId) ?? e.stationId;
      const token = str(e.data.idToken);
      const status = str(e.data.status);
      if (!stationId || !token || !status || status === 'Accepted' || !ATTEMPTS.has(str(e.data.where) ?? 'authorize')) return;
      const at = new Date(e.at);
      await count(AT_STATION, stationId, stationSubject(ctx, stationId), stationId, token, status, at);
      await count(OF_TOKEN, token.toLowerCase(), { type: 'token', idToken: token }, stationId, token, status, at);
    },

    async sweep(now: Date) {
      const tick = yieldEvery();
      for (const rule of [AT_STATION, OF_TOKEN] as const) {
        for (const [key, r] of [...raised[rule]]) {
          await tick();
          if (raised[rule].get(key) !== r) continue;
          const windowMs = minutes(param(stationSettings(ctx, rule, r.stationId), 'windowMin', 10));
          if (recent[rule].count(key, now.getTime(), windowMs) > 0) continue;
          raised[rule].delete(key);
          await ctx.sink.clear(rule, r.subject, now, 'no refusal within the window');
        }
        for (const key of recent[rule].keys()) {
          await tick();
          if (!raised[rule].has(key)) recent[rule].count(key, now.getTime(), KEEP_MS);
        }
      }
    },
  };
};
