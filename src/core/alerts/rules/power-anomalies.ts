import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleSettings } from '../alerts.js';
import type { RuleContext, RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { bySite, connectorKey, connectorLabel, connectorSubject, minutes, num, param, RecentTimes } from './rule-support.js';

const ZERO = RULE_KEYS.powerZero;
const BELOW = RULE_KEYS.powerBelowOffered;
const SWING = RULE_KEYS.powerFluctuation;

/** What the last sample of a connector said. */
interface Sampled {
  stationId: string;
  evseId: number;
  connectorId: number;
  powerW: number;
  offeredW: number | null;
  /** Since when (server time) power has been low by each rule's measure; null while it is not. */
  zeroSinceMs: number | null;
  belowSinceMs: number | null;
}

function isCharging(ctx: RuleContext, s: Sampled): boolean {
  const connectors = ctx.live.station(s.stationId)?.connectors;
  if (connectors) for (const c of connectors) if (c.evseId === s.evseId && c.connectorId === s.connectorId) return c.status === 'Charging';
  return false;
}

/** A swing to raise for, as found by a sample. */
interface Swing {
  count: number;
  jumpW: number;
  fromW: number;
  swingW: number;
  windowMin: number;
}

const isZero = (settings: RuleSettings, s: Sampled): boolean => s.powerW < param(settings, 'powerW', 100);
function isBelowOffered(settings: RuleSettings, s: Sampled): boolean {
  if (s.offeredW === null || s.offeredW < param(settings, 'minOfferedW', 3000)) return false;
  return s.powerW * 100 < s.offeredW * param(settings, 'ratioPercent', 50);
}

/**
 * Power of each connector: Charging yet delivering ~0 W for N minutes; far below the power offered to
 * the EV for N minutes; swinging hard between consecutive samples. Each raises once per episode and
 * clears when the condition is gone. Memory: one entry per connector that sent a sample while charging.
 */
export const powerAnomalies: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const connectors = new Map<string, Sampled>();
  const raised = { [ZERO]: new Set<string>(), [BELOW]: new Set<string>(), [SWING]: new Set<string>() };
  const swings = new RecentTimes();

  const clear = async (rule: typeof ZERO | typeof BELOW | typeof SWING, key: string, s: { stationId: string; evseId: number; connectorId: number }, at: Date, reason: string) => {
    if (raised[rule].delete(key)) await ctx.sink.clear(rule, connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at, reason);
  };

  const forget = async (key: string, s: Sampled, at: Date, reason: string): Promise<void> => {
    connectors.delete(key);
    swings.delete(key);
    await clear(ZERO, key, s, at, reason);
    await clear(BELOW, key, s, at, reason);
  };

  /**
   * A meter sample: synchronous (no promise) unless it ends a low-power episode that raised an incident
   * or raises a swing, which is rare. The sample's time is read only when an episode or a swing needs it.
   */
  const onSample = (e: DomainEvent, stationId: string): Promise<void> | undefined => {
    const powerW = num(e.data.powerW);
    if (powerW === null) return undefined;
    const evseId = num(e.data.evseId) ?? 0;
    const connectorId = num(e.data.connectorId) ?? 1;
    const key = connectorKey(stationId, evseId, connectorId);
    let s = connectors.get(key);
    const previousW = s?.powerW;
    if (!s) connectors.set(key, (s = { stationId, evseId, connectorId, powerW, offeredW: null, zeroSinceMs: null, belowSinceMs: null }));
    s.powerW = powerW;
    s.offeredW = num(e.data.offeredW) ?? s.offeredW;
    const siteId = ctx.siteOf(stationId);

    let clearZero = false;
    if (isZero(ctx.settings.settingsFor(ZERO, siteId), s)) s.zeroSinceMs ??= Date.parse(e.at);
    else if (s.zeroSinceMs !== null || raised[ZERO].has(key)) {
      s.zeroSinceMs = null;
      clearZero = raised[ZERO].has(key);
    }
    let clearBelow = false;
    if (isBelowOffered(ctx.settings.settingsFor(BELOW, siteId), s)) s.belowSinceMs ??= Date.parse(e.at);
    else if (s.belowSinceMs !== null || raised[BELOW].has(key)) {
      s.belowSinceMs = null;
      clearBelow = raised[BELOW].has(key);
    }

    let swing: Swing | null = null;
    const swingSettings = ctx.settings.settingsFor(SWING, siteId);
    if (previousW !== undefined && swingSettings.enabled) {
      const jumpW = Math.abs(powerW - previousW);
      const swingW = param(swingSettings, 'swingW', 7000);
      if (jumpW > swingW) {
        const windowMin = param(swingSettings, 'windowMin', 10);
        const count = swings.add(key, Date.parse(e.at), minutes(windowMin));
        if (count >= param(swingSettings, 'swings', 3) && !raised[SWING].has(key)) {
          raised[SWING].add(key);
          swing = { count, jumpW, fromW: previousW, swingW, windowMin };
        }
      }
    }
    if (!clearZero && !clearBelow && !swing) return undefined;
    return reportSample(s, key, powerW, new Date(e.at), clearZero, clearBelow, swing);
  };

  /** What a sample ended or found, reported in order: zero power cleared, below offered cleared, swing raised. */
  const reportSample = async (s: Sampled, key: string, powerW: number, at: Date, clearZero: boolean, clearBelow: boolean, swing: Swing | null): Promise<void> => {
    if (clearZero) await clear(ZERO, key, s, at, `power back at ${Math.round(powerW)} W`);
    if (clearBelow) await clear(BELOW, key, s, at, `power at ${Math.round(powerW)} W of ${s.offeredW ?? '?'} W offered`);
    if (!swing) return;
    await ctx.sink.raise({
      ruleKey: SWING, subject: connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at,
      title: `${s.stationId} ${connectorLabel(s.evseId, s.connectorId).toLowerCase()}: power swinging (${swing.count} jumps over ${swing.swingW} W)`,
      details: { swings: swing.count, lastJumpW: swing.jumpW, fromW: swing.fromW, toW: powerW, windowMin: swing.windowMin },
    });
  };

  /** Raises a low-power rule for a connector low since `sinceMs` once it lasts the rule's minutes (settings of the connector's site). */
  const checkLow = (rule: typeof ZERO | typeof BELOW, key: string, s: Sampled, sinceMs: number, now: Date, settings: RuleSettings): Promise<void> | undefined => {
    const forMs = minutes(param(settings, 'minutes', rule === ZERO ? 10 : 15));
    if (!settings.enabled || now.getTime() - sinceMs < forMs) return undefined;
    raised[rule].add(key);
    const where = `${s.stationId} ${connectorLabel(s.evseId, s.connectorId).toLowerCase()}`;
    const mins = Math.round((now.getTime() - sinceMs) / 60_000);
    return ctx.sink.raise(rule === ZERO
      ? { ruleKey: rule, subject: connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at: now, title: `${where} charging at ${Math.round(s.powerW)} W for ${mins} min`, details: { powerW: s.powerW, thresholdW: param(settings, 'powerW', 100), minutes: mins } }
      : { ruleKey: rule, subject: connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at: now, title: `${where} at ${Math.round(s.powerW)} W of ${s.offeredW ?? '?'} W offered for ${mins} min`, details: { powerW: s.powerW, offeredW: s.offeredW, ratioPercent: param(settings, 'ratioPercent', 50), minutes: mins } });
  };

  /** Statuses and disconnections end a connector's episode (rare next to samples). */
  const onOther = async (e: DomainEvent, stationId: string): Promise<void> => {
    const at = new Date(e.at);
    if (e.type === 'connector.status') {
      const key = connectorKey(stationId, num(e.data.evseId) ?? 0, num(e.data.connectorId) ?? 0);
      const s = connectors.get(key);
      // Power rules judge a charging connector; any other status ends the episode.
      if (s && e.data.status !== 'Charging' && e.data.status !== 'Occupied') await forget(key, s, at, `connector now ${String(e.data.status)}`);
      return;
    }
    if (e.type === 'station.disconnected' && e.data.replaced === true) return;
    for (const [key, s] of connectors) if (s.stationId === stationId) await forget(key, s, at, e.type === 'station.removed' ? 'station removed' : 'station offline');
  };

  return {
    ruleKeys: [ZERO, BELOW, SWING],
    eventTypes: ['meter.sample', 'connector.status', 'station.disconnected', 'station.removed'],

    onEvent(e: DomainEvent): Promise<void> | undefined {
      const stationId = e.stationId;
      if (!stationId) return undefined;
      if (e.type === 'meter.sample') return onSample(e, stationId);
      return onOther(e, stationId);
    },

    async sweep(now: Date) {
      const nowMs = now.getTime();
      const tick = yieldEvery();
      const zeroSettings = bySite((siteId) => ctx.settings.settingsFor(ZERO, siteId));
      const belowSettings = bySite((siteId) => ctx.settings.settingsFor(BELOW, siteId));
      // Keys, not the live map: samples and statuses handled while the sweep yields may add or drop entries.
      for (const key of [...connectors.keys()]) {
        await tick();
        const s = connectors.get(key);
        if (!s) continue;
        if (!isCharging(ctx, s)) {
          // Suspended by the EV or the station: low power is expected there, so the clock restarts.
          if (s.zeroSinceMs !== null) s.zeroSinceMs = nowMs;
          if (s.belowSinceMs !== null) s.belowSinceMs = nowMs;
          if (raised[ZERO].has(key)) await clear(ZERO, key, s, now, 'not charging');
          if (raised[BELOW].has(key)) await clear(BELOW, key, s, now, 'not charging');
          continue;
        }
        if (s.zeroSinceMs !== null && !raised[ZERO].has(key)) await checkLow(ZERO, key, s, s.zeroSinceMs, now, zeroSettings(ctx.siteOf(s.stationId)));
        if (s.belowSinceMs !== null && !raised[BELOW].has(key)) await checkLow(BELOW, key, s, s.belowSinceMs, now, belowSettings(ctx.siteOf(s.stationId)));
      }
      const windows = bySite((siteId) => minutes(param(ctx.settings.settingsFor(SWING, siteId), 'windowMin', 10)));
      for (const key of [...raised[SWING]]) {
        await tick();
        if (!raised[SWING].has(key)) continue;
        const s = connectors.get(key);
        const [stationId = '', evse = '0', conn = '0'] = key.split('|');
        if (swings.count(key, nowMs, windows(ctx.siteOf(stationId))) > 0) continue;
        await clear(SWING, key, s ?? { stationId, evseId: Number(evse), connectorId: Number(conn) }, now, 'no swing within the window');
      }
    },
  };
};
