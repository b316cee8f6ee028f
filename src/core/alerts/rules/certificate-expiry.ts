import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { param, stationSettings, stationSubject, str } from './rule-support.js';

const KEY = RULE_KEYS.certificateExpiring;
const DAY_MS = 86_400_000;

interface Held {
  id: string;
  certificateType: string;
  subject: string;
  serial: string;
  notAfterMs: number;
}

function heldOf(data: Record<string, unknown>): Held[] {
  const list = Array.isArray(data.certificates) ? (data.certificates as unknown[]) : [];
  return list.flatMap((c) => {
    const r = (c ?? {}) as Record<string, unknown>;
    const id = str(r.id);
    const notAfterMs = Date.parse(str(r.notAfter) ?? '');
    if (!id || !Number.isFinite(notAfterMs)) return [];
    return [{ id, certificateType: str(r.certificateType) ?? '', subject: str(r.subject) ?? '', serial: str(r.serial) ?? '', notAfterMs }];
  });
}

/**
 * Certificates a station holds that expire within the rule's withinDays (critical once expired). Fed by
 * `certificate.held` events (every change of what a station holds, plus one per station when the
 * certificate service starts); the sweep notices time passing. State: each station's held certificates and
 * the condition last raised for it, so an unchanged condition is not raised again on every sweep.
 */
export const certificateExpiry: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const held = new Map<string, Held[]>();
  const raised = new Map<string, string>();

  const check = async (stationId: string, now: Date): Promise<void> => {
    const settings = stationSettings(ctx, KEY, stationId);
    const horizonMs = now.getTime() + param(settings, 'withinDays', 30) * DAY_MS;
    const soonest = (held.get(stationId) ?? []).reduce<Held | undefined>((a, c) => (!a || c.notAfterMs < a.notAfterMs ? c : a), undefined);
    if (!settings.enabled || !soonest || soonest.notAfterMs > horizonMs) {
      if (raised.delete(stationId)) await ctx.sink.clear(KEY, stationSubject(ctx, stationId), now, soonest ? 'no certificate expiring soon' : 'no certificate held');
      return;
    }
    const expired = soonest.notAfterMs <= now.getTime();
    const condition = `${soonest.id}|${expired}`;
    if (raised.get(stationId) === condition) return;
    raised.set(stationId, condition);
    const notAfter = new Date(soonest.notAfterMs).toISOString();
    const days = Math.max(0, Math.floor((soonest.notAfterMs - now.getTime()) / DAY_MS));
    await ctx.sink.raise({
      ruleKey: KEY, subject: stationSubject(ctx, stationId), at: now,
      title: expired ? `${soonest.certificateType} of ${stationId} expired on ${notAfter.slice(0, 10)}` : `${soonest.certificateType} of ${stationId} expires in ${days} days`,
      details: { certificateId: soonest.id, certificateType: soonest.certificateType, subject: soonest.subject, serial: soonest.serial, notAfter },
      ...(expired ? { severity: 'critical' as const } : {}),
    });
  };

  return {
    ruleKeys: [KEY],
    eventTypes: ['certificate.held', 'station.removed'],

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      if (e.type === 'station.removed') held.delete(stationId);
      else held.set(stationId, heldOf(e.data));
      await check(stationId, ctx.clock.now());
    },

    async sweep(now: Date) {
      const tick = yieldEvery();
      // Snapshots of the keys: `check` reads the maps afresh after each yield.
      for (const stationId of new Set([...held.keys(), ...raised.keys()])) {
        await tick();
        await check(stationId, now);
      }
      for (const stationId of [...held.keys()]) {
        await tick();
        if (held.get(stationId)?.length === 0 && !raised.has(stationId)) held.delete(stationId);
      }
    },
  };
};
