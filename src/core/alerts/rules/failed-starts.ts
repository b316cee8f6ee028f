import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleSettings } from '../alerts.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { bySite, connectorKey, connectorLabel, connectorSubject, minutes, num, param, stationSettings, str } from './rule-support.js';

const KEY = RULE_KEYS.failedStarts;

interface Place {
  stationId: string;
  evseId: number;
  connectorId: number;
}

/** Start attempts of one connector within the window: when, and whether each failed. */
interface Attempts extends Place {
  outcomes: { atMs: number; failed: boolean; why: string }[];
  raised: boolean;
}

/**
 * A high rate of failed starts on one connector. A start attempt fails when a remote start is rejected
 * (or gets no answer), when the session starts with a token the CSMS refused, or when the session ends
 * within quickStopS with no energy; it succeeds when energy flows or the session runs longer. Memory:
 * the window's outcomes per connector, and the running sessions not yet judged.
 */
export const failedStarts: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const connectors = new Map<string, Attempts>();
  /** Running sessions whose start is not judged yet. */
  const pending = new Map<number, Place & { startedAtMs: number }>();

  /**
   * Drops outcomes older than the window and raises or clears by the rest. Synchronous (no promise) unless
   * the incident changes; `atMs` is the time judged at (the event's, or the sweep's).
   */
  const judge = (key: string, a: Attempts, atMs: number, settings: RuleSettings = stationSettings(ctx, KEY, a.stationId)): Promise<void> | undefined => {
    const fromMs = atMs - minutes(param(settings, 'windowMin', 60));
    let stale = 0;
    let failures = 0;
    for (const o of a.outcomes) {
      if (o.atMs <= fromMs) stale++;
      else if (o.failed) failures++;
    }
    if (stale > 0) a.outcomes = a.outcomes.filter((o) => o.atMs > fromMs);
    const attempts = a.outcomes.length;
    const rate = attempts === 0 ? 0 : (failures * 100) / attempts;
    const high = failures >= param(settings, 'minFailures', 3) && rate >= param(settings, 'ratePercent', 50);
    const raise = high && !a.raised && settings.enabled;
    const clear = !high && a.raised;
    if (raise) a.raised = true;
    else if (clear) a.raised = false;
    // Forgotten before the incident call: an attempt recorded meanwhile starts a fresh entry.
    if (attempts === 0 && !a.raised) connectors.delete(key);
    if (!raise && !clear) return undefined;
    const subject = connectorSubject(ctx, a.stationId, a.evseId, a.connectorId);
    const at = new Date(atMs);
    if (clear) return ctx.sink.clear(KEY, subject, at, `${failures} of ${attempts} starts failed`);
    const reasons = a.outcomes.filter((o) => o.failed).map((o) => o.why);
    return ctx.sink.raise({
      ruleKey: KEY, subject, at,
      title: `${a.stationId} ${connectorLabel(a.evseId, a.connectorId).toLowerCase()}: ${failures} of ${attempts} starts failed`,
      details: { failures, attempts, ratePercent: Math.round(rate), reasons },
    });
  };

  const record = (p: Place, atMs: number, failed: boolean, why: string): Promise<void> | undefined => {
    const key = connectorKey(p.stationId, p.evseId, p.connectorId);
    let a = connectors.get(key);
    if (!a) connectors.set(key, (a = { ...p, outcomes: [], raised: false }));
    a.outcomes.push({ atMs, failed, why });
    return judge(key, a, atMs);
  };

  const placeOf = (e: DomainEvent): Place => ({ stationId: e.stationId!, evseId: num(e.data.evseId) ?? 0, connectorId: num(e.data.connectorId) ?? 1 });

  return {
    ruleKeys: [KEY],
    eventTypes: ['session.started', 'session.stopped', 'meter.sample', 'station.command', 'station.removed'],

    start() {
      for (const s of ctx.live.activeSessions()) {
        if (s.energyWh <= 0) pending.set(s.id, { stationId: s.stationId, evseId: s.evseId, connectorId: s.connectorId, startedAtMs: Date.parse(s.startedAt) });
      }
      return Promise.resolve();
    },

    onEvent(e: DomainEvent): Promise<void> | undefined {
      if (!e.stationId) return undefined;
      const sessionId = e.sessionId ?? num(e.data.sessionId);
      switch (e.type) {
        case 'meter.sample': {
          // The common case by far: the session's start was judged already (or it is not running).
          const p = sessionId === null ? undefined : pending.get(sessionId);
          if (!p || (num(e.data.energyWh) ?? 0) <= 0) return undefined;
          pending.delete(sessionId!);
          return record(p, Date.parse(e.at), false, 'energy delivered');
        }
        case 'session.started': {
          if (sessionId === null) return undefined;
          const auth = str(e.data.authStatus);
          if (auth !== null && auth !== 'Accepted') return record(placeOf(e), Date.parse(e.at), true, `token refused (${auth})`);
          pending.set(sessionId, { ...placeOf(e), startedAtMs: Date.parse(str(e.data.startedAt) ?? e.at) });
          return undefined;
        }
        case 'session.stopped': {
          const p = sessionId === null ? undefined : pending.get(sessionId);
          if (!p) return undefined;
          pending.delete(sessionId!);
          const stoppedMs = Date.parse(str(e.data.stoppedAt) ?? e.at);
          const ranS = (stoppedMs - p.startedAtMs) / 1000;
          const quick = ranS <= param(stationSettings(ctx, KEY, p.stationId), 'quickStopS', 60) && (num(e.data.energyWh) ?? 0) <= 0;
          return record(p, Date.parse(e.at), quick, quick ? `session ${sessionId} ended after ${Math.round(ranS)} s with no energy` : 'session ran');
        }
        case 'station.command': {
          const request = e.data.request as Record<string, unknown> | undefined;
          const evseId = num(request?.evseId);
          if (e.data.command !== 'remote-start' || evseId === null || evseId === 0) return undefined;
          const status = str(e.data.status);
          // An accepted remote start is judged by the session that follows (or its absence: no attempt).
          if (status === 'Accepted') return undefined;
          return record({ stationId: e.stationId, evseId, connectorId: num(request?.connectorId) ?? 1 }, Date.parse(e.at), true, `remote start ${status ?? `failed: ${str(e.data.error) ?? 'no answer'}`}`);
        }
        case 'station.removed':
          for (const [key, a] of connectors) if (a.stationId === e.stationId) connectors.delete(key);
          for (const [id, p] of pending) if (p.stationId === e.stationId) pending.delete(id);
          return undefined;
      }
      return undefined;
    },

    async sweep(now: Date) {
      const nowMs = now.getTime();
      const tick = yieldEvery();
      const settingsAt = bySite((siteId) => ctx.settings.settingsFor(KEY, siteId));
      // Keys, not the live map: attempts recorded while the sweep yields may add or drop entries.
      for (const key of [...connectors.keys()]) {
        await tick();
        const a = connectors.get(key);
        if (!a) continue;
        const reported = judge(key, a, nowMs, settingsAt(ctx.siteOf(a.stationId)));
        if (reported) await reported;
      }
    },
  };
};
