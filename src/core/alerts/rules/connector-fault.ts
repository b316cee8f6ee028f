import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { Subject } from '../alerts.js';
import type { RuleContext, RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { connectorKey, connectorLabel, connectorSubject, num, param, stationSettings, stationSubject, str } from './rule-support.js';

const FAULTED = RULE_KEYS.connectorFaulted;
const UNAVAILABLE = RULE_KEYS.connectorUnavailable;

/** Statuses that show a connector works (1.6 and 2.0.1 spellings). */
const WORKING = new Set(['Available', 'Occupied', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved']);

interface Place {
  stationId: string;
  evseId: number;
  connectorId: number;
}

/** EVSE 0 is the station as a whole (1.6 connector 0, 2.0.1 station-level status). */
function subjectOf(ctx: RuleContext, p: Place): Subject {
  return p.evseId === 0 ? stationSubject(ctx, p.stationId) : connectorSubject(ctx, p.stationId, p.evseId, p.connectorId);
}

function label(p: Place): string {
  return p.evseId === 0 ? `Station ${p.stationId}` : `${p.stationId} ${connectorLabel(p.evseId, p.connectorId).toLowerCase()}`;
}

/**
 * Connector Faulted (at once, with the error code, info and vendor code) and Unavailable (after a grace
 * time, and only when no operator made it inoperative with ChangeAvailability). A working status clears both.
 */
export const connectorFault: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  /** Faulted connectors with the fault they reported (error code, info, vendor code); '' when not known. */
  const faulted = new Map<string, string>();
  const unavailable = new Set<string>();
  /** Connectors Unavailable without an operator's order, waiting out the grace time: since when. */
  const pending = new Map<string, { place: Place; sinceMs: number }>();
  /** `station|evse` made inoperative by an operator (evse 0: the whole station). */
  const inoperative = new Set<string>();

  const byOperator = (p: Place): boolean => inoperative.has(`${p.stationId}|0`) || inoperative.has(`${p.stationId}|${p.evseId}`);

  const onStatus = async (p: Place, e: DomainEvent): Promise<void> => {
    const key = connectorKey(p.stationId, p.evseId, p.connectorId);
    const status = str(e.data.status) ?? '';
    const at = new Date(e.at);
    if (status === 'Faulted') {
      pending.delete(key);
      if (unavailable.delete(key)) await ctx.sink.clear(UNAVAILABLE, subjectOf(ctx, p), at, 'connector now reports Faulted');
      if (!stationSettings(ctx, FAULTED, p.stationId).enabled) return;
      const errorCode = str(e.data.errorCode);
      const info = str(e.data.info);
      const vendorErrorCode = str(e.data.vendorErrorCode);
      const facts = [errorCode, info, vendorErrorCode ? `vendor ${vendorErrorCode}` : null].filter((x): x is string => x !== null && x !== '');
      // The same fault reported again (answering a status request, after a reconnect) is not a new occurrence.
      const signature = facts.join('|');
      if (faulted.get(key) === signature) return;
      faulted.set(key, signature);
      await ctx.sink.raise({
        ruleKey: FAULTED, subject: subjectOf(ctx, p), at, title: `${label(p)} Faulted${facts.length > 0 ? `: ${facts.join(', ')}` : ''}`,
        details: { status, errorCode, info, vendorErrorCode, timestamp: str(e.data.timestamp) },
      });
    } else if (status === 'Unavailable') {
      if (!byOperator(p) && !unavailable.has(key)) pending.set(key, { place: p, sinceMs: Date.parse(e.at) });
    } else if (WORKING.has(status)) {
      pending.delete(key);
      if (faulted.delete(key)) await ctx.sink.clear(FAULTED, subjectOf(ctx, p), at, `connector reports ${status}`);
      if (unavailable.delete(key)) await ctx.sink.clear(UNAVAILABLE, subjectOf(ctx, p), at, `connector reports ${status}`);
    }
  };

  /** An accepted ChangeAvailability: inoperative marks the operator's choice, operative ends it. */
  const onCommand = (e: DomainEvent): void => {
    const stationId = e.stationId;
    const request = e.data.request as Record<string, unknown> | undefined;
    const status = str(e.data.status);
    if (!stationId || e.data.command !== 'availability' || !request || (status !== 'Accepted' && status !== 'Scheduled')) return;
    const evseId = num(request.evseId) ?? 0;
    const key = `${stationId}|${evseId}`;
    if (request.availability === 'inoperative') {
      inoperative.add(key);
      for (const [k, v] of pending) if (v.place.stationId === stationId && (evseId === 0 || v.place.evseId === evseId)) pending.delete(k);
    } else if (evseId === 0) {
      for (const k of inoperative) if (k.startsWith(`${stationId}|`)) inoperative.delete(k);
    } else {
      inoperative.delete(key);
    }
  };

  const forgetStation = (stationId: string): void => {
    const prefix = `${stationId}|`;
    for (const k of faulted.keys()) if (k.startsWith(prefix)) faulted.delete(k);
    for (const set of [unavailable, inoperative]) for (const k of set) if (k.startsWith(prefix)) set.delete(k);
    for (const k of pending.keys()) if (k.startsWith(prefix)) pending.delete(k);
  };

  return {
    ruleKeys: [FAULTED, UNAVAILABLE],
    eventTypes: ['connector.status', 'station.status', 'station.command', 'station.disconnected', 'station.removed'],

    start() {
      // Connectors already Faulted have (or had) their incident; a working status must be able to clear it.
      // Those already Unavailable are left alone: whether an operator ordered it is not known after a restart.
      for (const s of ctx.live.stations()) {
        for (const c of s.connectors) if (c.reportedStatus === 'Faulted') faulted.set(connectorKey(s.id, c.evseId, c.connectorId), '');
      }
      return Promise.resolve();
    },

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      switch (e.type) {
        case 'connector.status':
          return onStatus({ stationId, evseId: num(e.data.evseId) ?? 0, connectorId: num(e.data.connectorId) ?? 0 }, e);
        case 'station.status':
          return onStatus({ stationId, evseId: 0, connectorId: 0 }, e);
        case 'station.command':
          return onCommand(e);
        case 'station.disconnected':
          // While offline, the offline rule speaks for the station; its statuses are stale.
          if (e.data.replaced !== true) for (const [k, v] of pending) if (v.place.stationId === stationId) pending.delete(k);
          return;
        case 'station.removed':
          return forgetStation(stationId);
      }
    },

    async sweep(now: Date) {
      const tick = yieldEvery();
      // Keys, not the live map: statuses handled while the sweep yields may add, replace or drop entries.
      for (const key of [...pending.keys()]) {
        await tick();
        const entry = pending.get(key);
        if (!entry) continue;
        const { place, sinceMs } = entry;
        const settings = stationSettings(ctx, UNAVAILABLE, place.stationId);
        if (!settings.enabled) continue;
        const graceMs = param(settings, 'graceS', 120) * 1000;
        if (now.getTime() - sinceMs < graceMs) continue;
        pending.delete(key);
        unavailable.add(key);
        await ctx.sink.raise({
          ruleKey: UNAVAILABLE, subject: subjectOf(ctx, place), at: now, title: `${label(place)} Unavailable, not by an operator`,
          details: { since: new Date(sinceMs).toISOString(), graceS: graceMs / 1000 },
        });
      }
    },
  };
};
