import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { param } from './rule-support.js';

const KEY = RULE_KEYS.sitePowerLimit;

/**
 * A site's total power (its running sessions' power, from the live view) near or over the site's limit.
 * Only sites with a `maxPowerKw` are judged. Raises when reaching nearPercent, again (critical) when
 * going over the limit, and clears below nearPercent − hysteresisPercent so a site hovering at the
 * threshold does not open an incident per sweep.
 */
export const sitePower: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  /** Sites with an incident open, and whether it was raised as over the limit. */
  const raised = new Map<string, 'near' | 'over'>();

  return {
    ruleKeys: [KEY],
    eventTypes: [],

    async sweep(now: Date) {
      const tick = yieldEvery();
      // siteStats is a fresh map; `raised` changes only here, and sweeps never overlap.
      const stats = ctx.live.siteStats();
      for (const siteId of raised.keys()) {
        await tick();
        const gone = ctx.live.site(siteId)?.maxPowerKw == null ? 'site has no power limit' : !stats.has(siteId) ? 'site has no stations' : null;
        if (gone) {
          raised.delete(siteId);
          await ctx.sink.clear(KEY, { type: 'site', siteId }, now, gone);
        }
      }
      for (const [siteId, s] of stats) {
        await tick();
        const limitKw = ctx.live.site(siteId)?.maxPowerKw;
        if (limitKw == null || limitKw <= 0) continue;
        const settings = ctx.settings.settingsFor(KEY, siteId);
        if (!settings.enabled) continue;
        const near = param(settings, 'nearPercent', 90);
        const percent = (s.powerW / 1000 / limitKw) * 100;
        const level = percent > 100 ? 'over' : percent >= near ? 'near' : null;
        const was = raised.get(siteId);
        if (level === null) {
          if (was && percent < near - param(settings, 'hysteresisPercent', 5)) {
            raised.delete(siteId);
            await ctx.sink.clear(KEY, { type: 'site', siteId }, now, `site power down to ${Math.round(percent)} % of its limit`);
          }
          continue;
        }
        if (was === level || (was === 'over' && level === 'near')) continue;
        raised.set(siteId, level);
        const name = ctx.live.site(siteId)?.name ?? siteId;
        await ctx.sink.raise({
          ruleKey: KEY, subject: { type: 'site', siteId }, at: now,
          title: `Site ${name} at ${(s.powerW / 1000).toFixed(1)} kW, ${Math.round(percent)} % of its ${limitKw} kW limit`,
          details: { powerW: s.powerW, limitKw, percent: Math.round(percent * 10) / 10, nearPercent: near },
          ...(level === 'over' ? { severity: 'critical' as const } : {}),
        });
      }
    },
  };
};
