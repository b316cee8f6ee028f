import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { bySite, num, param, stationSettings, stationSubject, str } from './rule-support.js';

const KEY = RULE_KEYS.stationOffline;

/**
 * Station offline. A closed socket raises at once: the gateway closes a socket that missed two pings, so
 * a station that lost power is offline within 2 × the ping interval. A station whose socket looks open
 * but which has sent nothing for heartbeat interval × factor raises from the sweep. Any sign of life clears.
 */
export const stationOffline: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  /** Stations with an offline incident raised (or found offline at start), so only they cost a clear. */
  const offline = new Set<string>();

  const raise = async (stationId: string, at: Date, title: string, details: Record<string, unknown>): Promise<void> => {
    if (offline.has(stationId) || !stationSettings(ctx, KEY, stationId).enabled) return;
    offline.add(stationId);
    await ctx.sink.raise({ ruleKey: KEY, subject: stationSubject(ctx, stationId), at, title, details });
  };

  const heard = async (stationId: string, at: Date, reason: string): Promise<void> => {
    if (!offline.delete(stationId)) return;
    await ctx.sink.clear(KEY, stationSubject(ctx, stationId), at, reason);
  };

  return {
    ruleKeys: [KEY],
    eventTypes: ['station.connected', 'station.disconnected', 'station.seen', 'station.booted', 'station.removed'],

    start() {
      for (const s of ctx.live.stations()) if (!s.online && s.admission === 'accepted' && s.lastSeenAt !== null) offline.add(s.id);
      return Promise.resolve();
    },

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      const at = new Date(e.at);
      switch (e.type) {
        case 'station.disconnected': {
          if (e.data.replaced === true) return;
          const admission = ctx.live.station(stationId)?.admission;
          if (admission !== undefined && admission !== 'accepted') return;
          const code = num(e.data.code);
          const reason = str(e.data.reason) ?? '';
          await raise(stationId, at, `Station ${stationId} offline: connection closed (${code ?? '?'}${reason ? ` ${reason}` : ''})`, { cause: 'socket_closed', code, reason });
          return;
        }
        case 'station.connected':
          return heard(stationId, at, 'station connected');
        case 'station.seen':
        case 'station.booted':
          return heard(stationId, at, 'station heard from');
        case 'station.removed':
          if (offline.delete(stationId)) await ctx.sink.clear(KEY, stationSubject(ctx, stationId), at, 'station removed');
          return;
      }
    },

    async sweep(now: Date) {
      const nowMs = now.getTime();
      const tick = yieldEvery();
      /** A site's silence limit in ms; null when the rule is off there. */
      const limitOf = bySite((siteId) => {
        const settings = ctx.settings.settingsFor(KEY, siteId);
        return settings.enabled ? param(settings, 'heartbeatIntervalS', 300) * param(settings, 'heartbeatFactor', 2) * 1000 : null;
      });
      // A snapshot of the live view's stations (updated in place): one added while the sweep yields waits for the next sweep.
      for (const s of [...ctx.live.stations()]) {
        await tick();
        if (!s.online || s.admission !== 'accepted' || s.lastSeenAt === null || offline.has(s.id)) continue;
        const limitMs = limitOf(s.siteId);
        if (limitMs === null) continue;
        const silentMs = nowMs - Date.parse(s.lastSeenAt);
        // Removed while the sweep yielded: the live view no longer holds it, and nothing would clear its incident.
        if (silentMs <= limitMs || ctx.live.station(s.id) !== s) continue;
        await raise(s.id, now, `Station ${s.id} offline: nothing received for ${Math.round(silentMs / 1000)} s`, {
          cause: 'heartbeat_overdue', lastSeenAt: s.lastSeenAt, silentS: Math.round(silentMs / 1000), limitS: limitMs / 1000,
        });
      }
    },
  };
};
