import type { DomainEvent } from '../../../bus/bus.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { connectorKey, connectorLabel, connectorSubject, minutes, num, param, sessionSubject, stationSettings, str } from './rule-support.js';

const STALLED = RULE_KEYS.socStalled;
const ZOMBIE = RULE_KEYS.zombieSession;
const ETERNAL = RULE_KEYS.eternalSession;
const ZERO = RULE_KEYS.zeroEnergySession;

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
    if (!sessions.has(w.id)) sessions.set(w.id, { ...w, socSinceMs: null, raised: new Set() });
  };

  const leavePreparing = async (key: string, at: Date, reason: string): Promise<void> => {
    const p = preparing.get(key);
    if (!p) return;
    preparing.delete(key);
    if (p.raised) await ctx.sink.clear(ZOMBIE, connectorSubject(ctx, p.stationId, p.evseId, p.connectorId), at, reason);
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

  const onSample = async (e: DomainEvent, sessionId: number): Promise<void> => {
    const w = sessions.get(sessionId);
    if (!w) return;
    const at = new Date(e.at);
    const energyWh = num(e.data.energyWh);
    if (energyWh !== null) {
      w.energyWh = energyWh;
      if (energyWh > 0) await clear(w, ZOMBIE, at, `${Math.round(energyWh)} Wh delivered`);
    }
    const soc = num(e.data.soc);
    if (soc === null) return;
    if (w.soc === null || soc > w.soc) {
      if (w.socSinceMs !== null) w.socSinceMs = Date.parse(e.at);
      await clear(w, STALLED, at, `SoC rose to ${soc} %`);
    }
    w.soc = soc;
  };

  const sweepSession = async (w: Watched, now: Date): Promise<void> => {
    const nowMs = now.getTime();
    const zombie = stationSettings(ctx, ZOMBIE, w.stationId);
    if (zombie.enabled && w.energyWh <= 0 && !w.raised.has(ZOMBIE) && nowMs - w.seenFromMs >= minutes(param(zombie, 'minutes', 5))) {
      w.raised.add(ZOMBIE);
      await ctx.sink.raise({ ruleKey: ZOMBIE, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId} has delivered no energy after ${Math.round((nowMs - w.seenFromMs) / 60_000)} min`, details: { sessionId: w.id, startedAt: new Date(w.startedAtMs).toISOString() } });
    }
    const eternal = stationSettings(ctx, ETERNAL, w.stationId);
    const hours = param(eternal, 'hours', 24);
    if (eternal.enabled && !w.raised.has(ETERNAL) && nowMs - w.startedAtMs >= hours * 3_600_000) {
      w.raised.add(ETERNAL);
      await ctx.sink.raise({ ruleKey: ETERNAL, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId} running for over ${hours} h`, details: { sessionId: w.id, startedAt: new Date(w.startedAtMs).toISOString(), energyWh: w.energyWh } });
    }
    const stalled = stationSettings(ctx, STALLED, w.stationId);
    const live = ctx.live.session(w.id);
    const connector = ctx.live.station(w.stationId)?.connectors.find((c) => c.sessionId === w.id);
    const charging = (live?.chargingState ?? connector?.status) === 'Charging';
    if (!charging || w.soc === null || w.soc >= param(stalled, 'fullPercent', 98)) {
      w.socSinceMs = null;
      await clear(w, STALLED, now, charging ? 'battery full' : 'not charging');
      return;
    }
    w.socSinceMs ??= nowMs;
    if (!stalled.enabled || w.raised.has(STALLED) || nowMs - w.socSinceMs < minutes(param(stalled, 'minutes', 20))) return;
    w.raised.add(STALLED);
    await ctx.sink.raise({ ruleKey: STALLED, subject: sessionSubject(ctx, w), at: now, title: `Session ${w.id} on ${w.stationId}: SoC stuck at ${w.soc} % for ${Math.round((nowMs - w.socSinceMs) / 60_000)} min while charging`, details: { sessionId: w.id, soc: w.soc, since: new Date(w.socSinceMs).toISOString() } });
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

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      const sessionId = e.sessionId ?? num(e.data.sessionId);
      switch (e.type) {
        case 'session.started': {
          if (sessionId === null) return;
          const seenFromMs = Date.parse(e.at);
          const startedAtMs = Date.parse(str(e.data.startedAt) ?? e.at);
          watch({ id: sessionId, stationId, evseId: num(e.data.evseId) ?? 0, connectorId: num(e.data.connectorId) ?? 1, seenFromMs, startedAtMs: Number.isNaN(startedAtMs) ? seenFromMs : startedAtMs, energyWh: num(e.data.energyWh) ?? 0, soc: null });
          return leavePreparing(connectorKey(stationId, num(e.data.evseId) ?? 0, num(e.data.connectorId) ?? 1), new Date(e.at), `session ${sessionId} started`);
        }
        case 'session.stopped':
          return sessionId === null ? undefined : onStopped(e, sessionId);
        case 'meter.sample':
          return sessionId === null ? undefined : onSample(e, sessionId);
        case 'connector.status': {
          const evseId = num(e.data.evseId) ?? 0;
          const connectorId = num(e.data.connectorId) ?? 0;
          const key = connectorKey(stationId, evseId, connectorId);
          if (e.data.status !== 'Preparing') return leavePreparing(key, new Date(e.at), `connector now ${String(e.data.status)}`);
          const hasSession = ctx.live.station(stationId)?.connectors.some((c) => c.evseId === evseId && c.connectorId === connectorId && c.sessionId !== null);
          if (!hasSession && !preparing.has(key)) preparing.set(key, { stationId, evseId, connectorId, sinceMs: Date.parse(e.at), raised: false });
          return;
        }
        case 'station.removed':
          for (const [id, w] of sessions) if (w.stationId === stationId) sessions.delete(id);
          for (const [key, p] of preparing) if (p.stationId === stationId) preparing.delete(key);
          return;
      }
    },

    async sweep(now: Date) {
      for (const w of sessions.values()) await sweepSession(w, now);
      for (const p of preparing.values()) {
        const settings = stationSettings(ctx, ZOMBIE, p.stationId);
        const mins = param(settings, 'minutes', 5);
        if (p.raised || !settings.enabled || now.getTime() - p.sinceMs < minutes(mins)) continue;
        p.raised = true;
        await ctx.sink.raise({ ruleKey: ZOMBIE, subject: connectorSubject(ctx, p.stationId, p.evseId, p.connectorId), at: now, title: `${p.stationId} ${connectorLabel(p.evseId, p.connectorId).toLowerCase()} Preparing for ${mins} min without a session`, details: { since: new Date(p.sinceMs).toISOString() } });
      }
    },
  };
};
