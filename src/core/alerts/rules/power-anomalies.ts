import type { DomainEvent } from '../../../bus/bus.js';
import type { RuleSettings } from '../alerts.js';
import type { RuleContext, RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { connectorKey, connectorLabel, connectorSubject, minutes, num, param, RecentTimes, stationSettings } from './rule-support.js';

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
  const c = ctx.live.station(s.stationId)?.connectors.find((x) => x.evseId === s.evseId && x.connectorId === s.connectorId);
  return c?.status === 'Charging';
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

  const onSample = async (e: DomainEvent, stationId: string): Promise<void> => {
    const powerW = num(e.data.powerW);
    if (powerW === null) return;
    const evseId = num(e.data.evseId) ?? 0;
    const connectorId = num(e.data.connectorId) ?? 1;
    const key = connectorKey(stationId, evseId, connectorId);
    const atMs = Date.parse(e.at);
    const at = new Date(atMs);
    const prev = connectors.get(key);
    const s: Sampled = prev ?? { stationId, evseId, connectorId, powerW, offeredW: null, zeroSinceMs: null, belowSinceMs: null };
    const previousW = prev?.powerW;
    s.powerW = powerW;
    s.offeredW = num(e.data.offeredW) ?? s.offeredW;
    connectors.set(key, s);

    const zero = stationSettings(ctx, ZERO, stationId);
    if (isZero(zero, s)) s.zeroSinceMs ??= atMs;
    else if (s.zeroSinceMs !== null || raised[ZERO].has(key)) {
      s.zeroSinceMs = null;
      await clear(ZERO, key, s, at, `power back at ${Math.round(powerW)} W`);
    }
    const below = stationSettings(ctx, BELOW, stationId);
    if (isBelowOffered(below, s)) s.belowSinceMs ??= atMs;
    else if (s.belowSinceMs !== null || raised[BELOW].has(key)) {
      s.belowSinceMs = null;
      await clear(BELOW, key, s, at, `power at ${Math.round(powerW)} W of ${s.offeredW ?? '?'} W offered`);
    }

    const swing = stationSettings(ctx, SWING, stationId);
    if (previousW === undefined || !swing.enabled) return;
    const jumpW = Math.abs(powerW - previousW);
    if (jumpW <= param(swing, 'swingW', 7000)) return;
    const count = swings.add(key, atMs, minutes(param(swing, 'windowMin', 10)));
    if (count < param(swing, 'swings', 3) || raised[SWING].has(key)) return;
    raised[SWING].add(key);
    await ctx.sink.raise({
      ruleKey: SWING, subject: connectorSubject(ctx, stationId, evseId, connectorId), at,
      title: `${stationId} ${connectorLabel(evseId, connectorId).toLowerCase()}: power swinging (${count} jumps over ${param(swing, 'swingW', 7000)} W)`,
      details: { swings: count, lastJumpW: jumpW, fromW: previousW, toW: powerW, windowMin: param(swing, 'windowMin', 10) },
    });
  };

  /** Raises a low-power rule for a connector low since `sinceMs` once it lasts `minutes`. */
  const checkLow = async (rule: typeof ZERO | typeof BELOW, key: string, s: Sampled, sinceMs: number | null, now: Date): Promise<void> => {
    if (sinceMs === null || raised[rule].has(key)) return;
    const settings = stationSettings(ctx, rule, s.stationId);
    const forMs = minutes(param(settings, 'minutes', rule === ZERO ? 10 : 15));
    if (!settings.enabled || now.getTime() - sinceMs < forMs) return;
    raised[rule].add(key);
    const where = `${s.stationId} ${connectorLabel(s.evseId, s.connectorId).toLowerCase()}`;
    const mins = Math.round((now.getTime() - sinceMs) / 60_000);
    await ctx.sink.raise(rule === ZERO
      ? { ruleKey: rule, subject: connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at: now, title: `${where} charging at ${Math.round(s.powerW)} W for ${mins} min`, details: { powerW: s.powerW, thresholdW: param(settings, 'powerW', 100), minutes: mins } }
      : { ruleKey: rule, subject: connectorSubject(ctx, s.stationId, s.evseId, s.connectorId), at: now, title: `${where} at ${Math.round(s.powerW)} W of ${s.offeredW ?? '?'} W offered for ${mins} min`, details: { powerW: s.powerW, offeredW: s.offeredW, ratioPercent: param(settings, 'ratioPercent', 50), minutes: mins } });
  };

  return {
    ruleKeys: [ZERO, BELOW, SWING],
    eventTypes: ['meter.sample', 'connector.status', 'station.disconnected', 'station.removed'],

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      if (e.type === 'meter.sample') return onSample(e, stationId);
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
    },

    async sweep(now: Date) {
      for (const [key, s] of connectors) {
        if (!isCharging(ctx, s)) {
          // Suspended by the EV or the station: low power is expected there, so the clock restarts.
          s.zeroSinceMs = s.zeroSinceMs === null ? null : now.getTime();
          s.belowSinceMs = s.belowSinceMs === null ? null : now.getTime();
          await clear(ZERO, key, s, now, 'not charging');
          await clear(BELOW, key, s, now, 'not charging');
          continue;
        }
        await checkLow(ZERO, key, s, s.zeroSinceMs, now);
        await checkLow(BELOW, key, s, s.belowSinceMs, now);
      }
      for (const key of [...raised[SWING]]) {
        const s = connectors.get(key);
        const [stationId = '', evse = '0', conn = '0'] = key.split('|');
        const windowMs = minutes(param(stationSettings(ctx, SWING, stationId), 'windowMin', 10));
        if (swings.count(key, now.getTime(), windowMs) > 0) continue;
        await clear(SWING, key, s ?? { stationId, evseId: Number(evse), connectorId: Number(conn) }, now, 'no swing within the window');
      }
    },
  };
};
