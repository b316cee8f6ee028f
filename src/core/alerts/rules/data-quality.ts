import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { Subject } from '../alerts.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { connectorLabel, connectorSubject, minutes, num, param, stationSettings, stationSubject, str } from './rule-support.js';

const FUTURE = RULE_KEYS.futureTimestamp;
const BACKWARDS = RULE_KEYS.meterBackwards;
/** A station sending a skewed clock repeats it in every message: one occurrence per minute is enough. */
const REPEAT_MS = 60_000;

/**
 * Two-tier data checks: messages that passed the schema and were stored, but make no sense. The sessions
 * service flags them as `data.anomaly` (timestamps ahead of the server clock, an energy register lower than
 * before); this rule turns them into incidents and clears each after a quiet period.
 */
export const dataQuality: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  /** Open incidents by rule and subject key: the subject, its station, and the last flag's time. */
  const open = new Map<string, { rule: string; subject: Subject; stationId: string; lastMs: number; raisedMs: number }>();

  const flag = async (rule: string, key: string, subject: Subject, stationId: string, at: Date, title: string, details: Record<string, unknown>): Promise<void> => {
    const atMs = at.getTime();
    const known = open.get(`${rule}|${key}`);
    if (known) {
      known.lastMs = atMs;
      if (atMs - known.raisedMs < REPEAT_MS) return;
      known.raisedMs = atMs;
    } else {
      open.set(`${rule}|${key}`, { rule, subject, stationId, lastMs: atMs, raisedMs: atMs });
    }
    await ctx.sink.raise({ ruleKey: rule, subject, at, title, details });
  };

  return {
    ruleKeys: [FUTURE, BACKWARDS],
    eventTypes: ['data.anomaly'],

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      const at = new Date(e.at);
      if (e.data.kind === 'future_timestamp') {
        const settings = stationSettings(ctx, FUTURE, stationId);
        const skewMs = num(e.data.skewMs) ?? 0;
        if (!settings.enabled || skewMs <= param(settings, 'toleranceS', 300) * 1000) return;
        await flag(FUTURE, stationId, stationSubject(ctx, stationId), stationId, at, `${stationId} sends timestamps ${Math.round(skewMs / 1000)} s in the future`, {
          skewS: Math.round(skewMs / 1000), timestamp: str(e.data.timestamp), message: str(e.data.message), toleranceS: param(settings, 'toleranceS', 300),
        });
      } else if (e.data.kind === 'meter_backwards') {
        if (!stationSettings(ctx, BACKWARDS, stationId).enabled) return;
        const evseId = num(e.data.evseId) ?? 0;
        const connectorId = num(e.data.connectorId) ?? 1;
        const previousWh = num(e.data.previousWh);
        const registerWh = num(e.data.registerWh);
        await flag(BACKWARDS, `${stationId}|${evseId}|${connectorId}`, connectorSubject(ctx, stationId, evseId, connectorId), stationId, at,
          `${stationId} ${connectorLabel(evseId, connectorId).toLowerCase()}: meter went back from ${previousWh ?? '?'} Wh to ${registerWh ?? '?'} Wh`,
          { previousWh, registerWh, sessionId: num(e.data.sessionId), timestamp: str(e.data.timestamp) });
      }
    },

    async sweep(now: Date) {
      const tick = yieldEvery();
      // Keys, not the live map: flags handled while the sweep yields may add entries or move their times.
      for (const key of [...open.keys()]) {
        await tick();
        const o = open.get(key);
        if (!o) continue;
        const quietMs = minutes(param(stationSettings(ctx, o.rule, o.stationId), 'quietMin', 60));
        if (now.getTime() - o.lastMs < quietMs) continue;
        open.delete(key);
        await ctx.sink.clear(o.rule, o.subject, now, `no anomaly for ${Math.round(quietMs / 60_000)} min`);
      }
    },
  };
};
