import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { bySite, connectorKey, connectorLabel, connectorSubject, minutes, num, param, sessionSubject, stationSettings, str } from './rule-support.js';

const STALLED = RULE_KEYS.socStalled;
const ZOMBIE = RULE_KEYS.zombieSession;
const ETERNAL = RULE_KEYS.eternalSession;
const ZERO = RULE_KEYS.zeroEnergySession;

/** What a sweep has to report for a session, as bits; 0 (nothing) is by far the most common. */
const RAISE_ZOMBIE = 1;
const RAISE_ETERNAL = 2;
const RAISE_STALLED = 4;
const CLEAR_STALLED_FULL = 8;
const CLEAR_STALLED_IDLE = 16;

/** A site's thresholds for the session rules, worked out once per site and sweep. */
interface Limits {
  zombie: boolean;
  zombieMin: number;
  eternal: boolean;
  eternalHours: number;
  stalled: boolean;
  stalledMs: number;
  fullPercent: number;
}

/** What is kept per running session (dropped at its stop). */
interface Watched {
  id: number;
  stationId: string;
  evseId: number;
  connectorId: number;
  /** When the session began on the server's clock (zombie) and by the station (eternal). */
  seenFromMs: number;
  startedAtMs: number;
  energyWh: number;
  soc: number | null;
  /** Since when the SoC has not risen while charging; null while not charging. */
  socSinceMs: number | null;
  raised: Set<string>;
}

/**
 * Sessions that look wrong: SoC not rising while charging, no energy minutes after the start (zombie, also
 * a connector left Preparing without a session), running for more than N hours (eternal), and sessions
 * ending with no energy (counted per connector). State: the running sessions and Preparing connectors.
 */
export const sessionAnomalies: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const sessions = new Map<number, Watched>();
  /** Connectors reporting Preparing: since when, and whether their zombie incident is raised. */
  const preparing = new Map<string, { stationId: string; evseId: number; connectorId: number; sinceMs: number; raised: boolean }>();

  const clear = async (w: Watched, rule: string, at: Date, reason: string): Promise<void> => {
    if (w.raised.delete(rule)) await ctx.sink.clear(rule, sessionSubject(ctx, w), at, reason);
  };

  const watch = (w: Omit<Watched, 'raised' | 'socSinceMs'>): void => {
    // Every field named, not spread: this object is read on every meter value, and a spread-built one is not a fast shape.
    if (!sessions.has(w.id)) {
      sessions.set(w.id, {
        id: w.id, stationId: w.stationId, evseId: w.evseId, connectorId: w.connectorId, seenFromMs: w.seenFromMs, startedAtMs: w.startedAtMs,
        energyWh: w.energyWh, soc: w.soc, socSinceMs: null, raised: new Set(),
      });
    }
  };

  /** Forgets a connector's Preparing state; clears its zombie incident if one was raised. */
  const leavePreparing = (key: string, e: DomainEvent, reason: string): Promise<void> | undefined => {
    const p = preparing.get(key);
    if (!p) return undefined;
    preparing.delete(key);
    return p.raised ? ctx.sink.clear(ZOMBIE, connectorSubject(ctx, p.stationId, p.evseId, p.connectorId), new Date(e.at), reason) : undefined;
  };

  const onStopped = async (e: DomainEvent, sessionId: number): Promise<void> => {
    const at = new Date(e.at);
    const w = sessions.get(sessionId);
    sessions.delete(sessionId);
    if (w) for (const rule of [...w.raised]) await clear(w, rule, at, 'session stopped');
    const stationId = e.stationId!;
    const evseId = num(e.data.evseId) ?? 0;
    const connectorId = num(e.data.connectorId) ?? 1;
    const energyWh = num(e.data.energyWh) ?? 0;
    const settings = stationSettings(ctx, ZERO, stationId);
    const subject = connectorSubject(ctx, stationId, evseId, connectorId);
    if (energyWh > param(settings, 'maxEnergyWh', 10)) {
      // Rare (once per session): clearing unconditionally costs little and survives restarts.
      await ctx.sink.clear(ZERO, subject, at, `session ${sessionId} delivered ${Math.round(energyWh)} Wh`);
    } else if (settings.enabled) {
      await ctx.sink.raise({
        ruleKey: ZERO, subject, at, title: `${stationId} ${connectorLabel(evseId, connectorId).toLowerCase()}: session ${sessionId} ended with ${Math.round(energyWh)} Wh`,
        details: { sessionId, energyWh, stopReason: str(e.data.stopReason), startedAt: str(e.data.startedAt), stoppedAt: str(e.data.stoppedAt) },
      });
    }
  };

  /**
   * A meter sample: synchronous (no promise) unless it ends a zombie or stalled incident, which is rare.
   * The sample's time is read only when it is needed.
   */
  const onSample = (e: DomainEvent, sessionId: number): Promise<void> | undefined => {
    const w = sessions.get(sessionId);
    if (!w) return undefined;
    const energyWh = num(e.data.energyWh);
    if (energyWh !== null) w.energyWh = energyWh;
    const soc = num(e.data.soc);
    let rose = false;
    if (soc !== null) {
      rose = w.soc === null || soc > w.soc;
      if (rose && w.socSinceMs !== null) w.socSinceMs = Date.parse(e.at);
      w.soc = soc;
    }
    const energyFlows = energyWh !== null && energyWh > 0 && w.raised.has(ZOMBIE);
    const socRises = rose && w.raised.has(STALLED);
    if (!energyFlows && !socRises) return undefined;
    return clearOnSample(w, new Date(e.at), energyFlows ? energyWh : null, socRises ? soc : null);
  };

  const clearOnSample = async (w: Watched, at: Date, energyWh: number | null, soc: number | null): Promise<void> => {
    if (energyWh !== null) await clear(w, ZOMBIE, at, `${Math.round(energyWh)} Wh delivered`);
    if (soc !== null) await clear(w, STALLED, at, `SoC rose to ${soc} %`);
  };

  const limitsOf = (siteId: string | null): Limits => {
    const zombie = ctx.settings.settingsFor(ZOMBIE, siteId);
    const eternal = ctx.settings.settingsFor(ETERNAL, siteId);
    const stalled = ctx.settings.settingsFor(STALLED, siteId);
    return {
      zombie: zombie.enabled, zombieMin: param(zombie, 'minutes', 5), eternal: eternal.enabled, eternalHours: param(eternal, 'hours', 24),
      stalled: stalled.enabled, stalledMs: minutes(param(stalled, 'minutes', 20)), fullPercent: param(stalled, 'fullPercent', 98),
    };
  };

  /** Whether a session is charging now: its 2.0.1 charging state, else the status of the connector it runs on. */
  const isCharging = (w: Watched): boolean => {
    const state = ctx.live.session(w.id)?.chargingState;
    if (state != null) return state === 'Charging';
    const connectors = ctx.live.station(w.stationId)?.connectors;
    if (connectors) for (const c of connectors) if (c.sessionId === w.id) return c.status === 'Charging';
    return false;
  };

  /** Brings a session's SoC clock up to date at `nowMs` and says what to report (bits); allocates nothing. */
  const judgeSession = (w: Watched, nowMs: number, l: Limits): number => {
    let due = 0;
    if (l.zombie && w.energyWh <= 0 && !w.raised.has(ZOMBIE) && nowMs - w.seenFromMs >= minutes(l.zombieMin)) due |= RAISE_ZOMBIE;
    if (l.eternal && !w.raised.has(ETERNAL) && nowMs - w.startedAtMs >= l.eternalHours * 3_600_000) due |= RAISE_ETERNAL;
    const charging = isCharging(w);
    if (!charging || w.soc === null || w.soc >= l.fullPercent) {
      w.socSinceMs = null;
      if (w.raised.has(STALLED)) due |= charging ? CLEAR_STALLED_FULL : CLEAR_STALLED_IDLE;
      return due;
    }
    w.socSinceMs ??= nowMs;
    if (l.stalled && !w.raised.has(STALLED) && nowMs - w.socSinceMs >= l.stalledMs) due |= RAISE_STALLED;
    return due;
  };

  /** Still watched: not stopped (nor stopped and forgotten) while an incident call was under way. */
  const watching = (w: Watched): boolean => sessions.get(w.id) === w;

  /**
   * Reports what `judgeSession` found, in order. A session stopped meanwhile is left alone: its stop has
   * cleared what was raised, and raising more would leave incidents nothing clears.
   */
  const report = async (w: Watched, due: number, now: Date, l: Limits): Promise<void> => {
    const nowMs = now.getTime();
    if (due & RAISE_ZOMBIE) {
      w.raised.add(ZOMBIE);
      await ctx.sink.raise({ ruleKey: ZOMBIE, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId} has delivered no energy after ${Math.round((nowMs - w.seenFromMs) / 60_000)} min`, details: { sessionId: w.id, startedAt: new Date(w.startedAtMs).toISOString() } });
      if (!watching(w)) return;
    }
    if (due & RAISE_ETERNAL) {
      w.raised.add(ETERNAL);
      await ctx.sink.raise({ ruleKey: ETERNAL, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId} running for over ${l.eternalHours} h`, details: { sessionId: w.id, startedAt: new Date(w.startedAtMs).toISOString(), energyWh: w.energyWh } });
      if (!watching(w)) return;
    }
    if (due & (CLEAR_STALLED_FULL | CLEAR_STALLED_IDLE)) {
      await clear(w, STALLED, now, due & CLEAR_STALLED_FULL ? 'battery full' : 'not charging');
    } else if ((due & RAISE_STALLED) !== 0 && !w.raised.has(STALLED) && w.socSinceMs !== null) {
      w.raised.add(STALLED);
      await ctx.sink.raise({ ruleKey: STALLED, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId}: SoC stuck at ${w.soc} % for ${Math.round((nowMs - w.socSinceMs) / 60_000)} min while charging`, details: { sessionId: w.id, soc: w.soc, since: new Date(w.socSinceMs).toISOString() } });
    }
  };

  return {
    ruleKeys: [STALLED, ZOMBIE, ETERNAL, ZERO],
    eventTypes: ['session.started', 'session.stopped', 'meter.sample', 'connector.status', 'station.removed'],

    start() {
      const nowMs = ctx.clock.nowMs();
      for (const s of ctx.live.activeSessions()) {
        watch({ id: s.id, stationId: s.stationId, evseId: s.evseId, connectorId: s.connectorId, seenFromMs: Math.min(nowMs, Date.parse(s.startedAt)), startedAtMs: Date.parse(s.startedAt), energyWh: s.energyWh, soc: s.soc });
      }
      return Promise.resolve();
    },

    onEvent(e: DomainEvent): Promise<void> | undefined {
      const stationId = e.stationId;
      if (!stationId) return undefined;
      const sessionId = e.sessionId ?? num(e.data.sessionId);
      switch (e.type) {
        case 'meter.sample':
          return sessionId === null ? undefined : onSample(e, sessionId);
        case 'session.started': {
          if (sessionId === null) return undefined;
          const seenFromMs = Date.parse(e.at);
          const startedAtMs = Date.parse(str(e.data.startedAt) ?? e.at);
          watch({ id: sessionId, stationId, evseId: num(e.data.evseId) ?? 0, connectorId: num(e.data.connectorId) ?? 1, seenFromMs, startedAtMs: Number.isNaN(startedAtMs) ? seenFromMs : startedAtMs, energyWh: num(e.data.energyWh) ?? 0, soc: null });
          return leavePreparing(connectorKey(stationId, num(e.data.evseId) ?? 0, num(e.data.connectorId) ?? 1), e, `session ${sessionId} started`);
        }
        case 'session.stopped':
          return sessionId === null ? undefined : onStopped(e, sessionId);
        case 'connector.status': {
          const evseId = num(e.data.evseId) ?? 0;
          const connectorId = num(e.data.connectorId) ?? 0;
          const key = connectorKey(stationId, evseId, connectorId);
          if (e.data.status !== 'Preparing') return leavePreparing(key, e, `connector now ${String(e.data.status)}`);
          const hasSession = ctx.live.station(stationId)?.connectors.some((c) => c.evseId === evseId && c.connectorId === connectorId && c.sessionId !== null);
          if (!hasSession && !preparing.has(key)) preparing.set(key, { stationId, evseId, connectorId, sinceMs: Date.parse(e.at), raised: false });
          return undefined;
        }
        case 'station.removed':
          for (const [id, w] of sessions) if (w.stationId === stationId) sessions.delete(id);
          for (const [key, p] of preparing) if (p.stationId === stationId) preparing.delete(key);
          return undefined;
      }
      return undefined;
    },

    async sweep(now: Date) {
      const nowMs = now.getTime();
      const tick = yieldEvery();
      const limits = bySite(limitsOf);
      // Keys, not the live maps: events handled while the sweep yields may add or drop entries.
      for (const id of [...sessions.keys()]) {
        await tick();
        const w = sessions.get(id);
        if (!w) continue;
        const l = limits(ctx.siteOf(w.stationId));
        const due = judgeSession(w, nowMs, l);
        if (due !== 0) await report(w, due, now, l);
      }
      for (const key of [...preparing.keys()]) {
        await tick();
        const p = preparing.get(key);
        if (!p || p.raised) continue;
        const l = limits(ctx.siteOf(p.stationId));
        if (!l.zombie || nowMs - p.sinceMs < minutes(l.zombieMin)) continue;
        p.raised = true;
        await ctx.sink.raise({ ruleKey: ZOMBIE, subject: connectorSubject(ctx, p.stationId, p.evseId, p.connectorId), at: now, title: `${p.stationId} ${connectorLabel(p.evseId, p.connectorId).toLowerCase()} Preparing for ${l.zombieMin} min without a session`, details: { since: new Date(p.sinceMs).toISOString() } });
      }
    },
  };
};
