import type { DomainEvent } from '../../../bus/bus.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { connectorKey, connectorLabel, connectorSubject, minutes, num, param, stationSettings, str } from './rule-support.js';

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

  const judge = async (key: string, a: Attempts, now: Date): Promise<void> => {
    const settings = stationSettings(ctx, KEY, a.stationId);
    const fromMs = now.getTime() - minutes(param(settings, 'windowMin', 60));
    a.outcomes = a.outcomes.filter((o) => o.atMs > fromMs);
    const failures = a.outcomes.filter((o) => o.failed);
    const rate = a.outcomes.length === 0 ? 0 : (failures.length * 100) / a.outcomes.length;
    const high = failures.length >= param(settings, 'minFailures', 3) && rate >= param(settings, 'ratePercent', 50);
    const subject = connectorSubject(ctx, a.stationId, a.evseId, a.connectorId);
    if (high && !a.raised && settings.enabled) {
      a.raised = true;
      await ctx.sink.raise({
        ruleKey: KEY, subject, at: now,
        title: `${a.stationId} ${connectorLabel(a.evseId, a.connectorId).toLowerCase()}: ${failures.length} of ${a.outcomes.length} starts failed`,
        details: { failures: failures.length, attempts: a.outcomes.length, ratePercent: Math.round(rate), reasons: failures.map((f) => f.why) },
      });
    } else if (!high && a.raised) {
      a.raised = false;
      await ctx.sink.clear(KEY, subject, now, `${failures.length} of ${a.outcomes.length} starts failed`);
    }
    if (a.outcomes.length === 0 && !a.raised) connectors.delete(key);
  };

  const record = async (p: Place, at: Date, failed: boolean, why: string): Promise<void> => {
    const key = connectorKey(p.stationId, p.evseId, p.connectorId);
    let a = connectors.get(key);
    if (!a) connectors.set(key, (a = { ...p, outcomes: [], raised: false }));
    a.outcomes.push({ atMs: at.getTime(), failed, why });
    await judge(key, a, at);
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

    async onEvent(e: DomainEvent) {
      if (!e.stationId) return;
      const at = new Date(e.at);
      const sessionId = e.sessionId ?? num(e.data.sessionId);
      switch (e.type) {
        case 'session.started': {
          if (sessionId === null) return;
          const auth = str(e.data.authStatus);
          if (auth !== null && auth !== 'Accepted') return record(placeOf(e), at, true, `token refused (${auth})`);
          pending.set(sessionId, { ...placeOf(e), startedAtMs: Date.parse(str(e.data.startedAt) ?? e.at) });
          return;
        }
        case 'meter.sample': {
          const p = sessionId === null ? undefined : pending.get(sessionId);
          if (!p || (num(e.data.energyWh) ?? 0) <= 0) return;
          pending.delete(sessionId!);
          return record(p, at, false, 'energy delivered');
        }
        case 'session.stopped': {
          const p = sessionId === null ? undefined : pending.get(sessionId);
          if (!p) return;
          pending.delete(sessionId!);
          const stoppedMs = Date.parse(str(e.data.stoppedAt) ?? e.at);
          const ranS = (stoppedMs - p.startedAtMs) / 1000;
          const quick = ranS <= param(stationSettings(ctx, KEY, p.stationId), 'quickStopS', 60) && (num(e.data.energyWh) ?? 0) <= 0;
          return record(p, at, quick, quick ? `session ${sessionId} ended after ${Math.round(ranS)} s with no energy` : 'session ran');
        }
        case 'station.command': {
          const request = e.data.request as Record<string, unknown> | undefined;
          const evseId = num(request?.evseId);
          if (e.data.command !== 'remote-start' || evseId === null || evseId === 0) return;
          const status = str(e.data.status);
          // An accepted remote start is judged by the session that follows (or its absence: no attempt).
          if (status === 'Accepted') return;
          return record({ stationId: e.stationId, evseId, connectorId: num(request?.connectorId) ?? 1 }, at, true, `remote start ${status ?? `failed: ${str(e.data.error) ?? 'no answer'}`}`);
        }
        case 'station.removed':
          for (const [key, a] of connectors) if (a.stationId === e.stationId) connectors.delete(key);
          for (const [id, p] of pending) if (p.stationId === e.stationId) pending.delete(id);
          return;
      }
    },

    async sweep(now: Date) {
      for (const [key, a] of connectors) await judge(key, a, now);
    },
  };
};
