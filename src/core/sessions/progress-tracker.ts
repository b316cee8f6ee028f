import type { DomainEvent } from '../../bus/bus.js';
import type { SessionProgressView } from '../../http/api-types.js';
import { CHARGING_THRESHOLD_W, estimateCompletion, TAPER_KNEE_SOC, type EstimatePoint, type EvNeeds } from './session-estimate.js';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const msOf = (v: unknown): number | null => {
  const ms = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(ms) ? null : ms;
};
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Energy rise over an interval that counts as charging (the register is often whole Wh). */
const CHARGING_RISE_WH = 0.5;
/** Power below this share of the session's peak, above the knee, means the EV has started to taper. */
const PLATEAU_SHARE = 0.97;
/** `session.progress` events are published at most this often per session. */
export const PROGRESS_INTERVAL_MS = 5_000;

/** What is known of a running session when tracking starts (after a restart: from the database). */
export interface ProgressSeed {
  id: number;
  stationId: string;
  startedAtMs: number;
  energyWh: number;
  powerW: number | null;
  soc: number | null;
  lastAtMs: number | null;
  peakPowerW: number | null;
  chargingMs: number;
  firstSoc: EstimatePoint | null;
  needs: EvNeeds | null;
}

interface Track extends ProgressSeed {
  /** Power worked out from the energy register over the last interval (stations that report no power). */
  derivedPowerW: number | null;
  idleMs: number;
  /** Whether the EV was drawing power at the last reading. */
  charging: boolean;
  /** Where the power first fell from its plateau above the taper knee. */
  taperStart: { soc: number; powerW: number } | null;
  /** Where the reported SoC last changed; `firstSoc` is moved to its first change (whole-% rounding cancels out). */
  lastSocChange: EstimatePoint | null;
  socChanges: number;
  publishedAtMs: number;
}

const noNeeds = (): EvNeeds => ({ targetSoc: null, energyRequestedWh: null, departureMs: null, evMaxPowerW: null, capacityWh: null });

/**
 * Live progress of every running session, in memory and fed by bus events only (meter.sample,
 * session.started/stopped/needs): energy, power now, average and peak, charging and idle time, SoC and
 * the time-to-full / time-to-target estimate. Costs no query per sample; says when a `session.progress`
 * event is due (at most every few seconds per session).
 */
export class ProgressTracker {
  private readonly tracks = new Map<number, Track>();

  constructor(private readonly intervalMs = PROGRESS_INTERVAL_MS) {}

  /** Starts tracking a session that was running before this process saw its start. */
  seed(s: ProgressSeed): void {
    const lastAt = s.lastAtMs ?? s.startedAtMs;
    const idleMs = Math.max(0, lastAt - s.startedAtMs - s.chargingMs);
    // Every field named, not spread from the seed: a track is read and written on every meter value, and an
    // object built by a spread had a slow shape (5 µs per sample with 10,000 sessions; under 1 µs like this).
    this.tracks.set(s.id, {
      id: s.id, stationId: s.stationId, startedAtMs: s.startedAtMs, energyWh: s.energyWh, powerW: s.powerW, soc: s.soc, lastAtMs: s.lastAtMs,
      peakPowerW: s.peakPowerW, chargingMs: s.chargingMs, firstSoc: s.firstSoc, needs: s.needs,
      derivedPowerW: null, idleMs, charging: (s.powerW ?? 0) > CHARGING_THRESHOLD_W, taperStart: null, lastSocChange: null, socChanges: 0, publishedAtMs: Number.NEGATIVE_INFINITY,
    });
  }

  /** Sessions tracked now. */
  get size(): number {
    return this.tracks.size;
  }

  /** Applies one event; returns a `session.progress` event when one is due. */
  apply(event: DomainEvent): DomainEvent | undefined {
    const id = event.sessionId;
    if (id === undefined || (!event.type.startsWith('session.') && event.type !== 'meter.sample')) return undefined;
    const data = event.data as Data;
    switch (event.type) {
      case 'session.started': {
        const startedAtMs = msOf(data.startedAt) ?? msOf(event.at) ?? 0;
        this.seed({
          id, stationId: event.stationId ?? '', startedAtMs, energyWh: num(data.energyWh) ?? 0, powerW: null, soc: null, lastAtMs: null,
          peakPowerW: null, chargingMs: 0, firstSoc: null, needs: null,
        });
        return undefined;
      }
      case 'session.stopped':
        this.tracks.delete(id);
        return undefined;
      case 'session.needs': {
        const t = this.tracks.get(id);
        if (!t) return undefined;
        t.needs = {
          targetSoc: num(data.targetSoc), energyRequestedWh: num(data.energyRequestedWh), departureMs: msOf(data.departureTime),
          evMaxPowerW: num(data.evMaxPowerW), capacityWh: num(data.capacityWh),
        };
        // The EV's own SoC at the time it stated its needs, when no meter reported one yet.
        const soc = num(data.soc);
        if (t.soc === null && soc !== null) t.soc = soc;
        return this.publish(t, event);
      }
      case 'meter.sample': {
        const t = this.tracks.get(id);
        if (!t || !this.sample(t, data, event.at)) return undefined;
        const nowMs = msOf(event.at) ?? t.lastAtMs ?? 0;
        return nowMs - t.publishedAtMs < this.intervalMs ? undefined : this.publish(t, event);
      }
      default:
        return undefined;
    }
  }

  /** The progress of a running session `nowMs` (server time), or undefined when it is not tracked. */
  view(id: number, nowMs: number): SessionProgressView | undefined {
    const t = this.tracks.get(id);
    return t ? this.present(t, nowMs) : undefined;
  }

  /** Folds one meter.sample in; false when it is older than what is known. */
  private sample(t: Track, data: Data, eventAt: string): boolean {
    const atMs = msOf(data.at) ?? msOf(eventAt);
    if (atMs === null || (t.lastAtMs !== null && atMs < t.lastAtMs)) return false;
    const energyWh = num(data.energyWh) ?? t.energyWh;
    const powerW = num(data.powerW);
    const soc = num(data.soc);
    const fromMs = t.lastAtMs ?? t.startedAtMs;
    const spanMs = atMs - fromMs;
    const rise = energyWh - t.energyWh;
    // An interval counts as charging when energy flowed over it, or power was drawn at its start.
    const charging = rise > CHARGING_RISE_WH || (t.lastAtMs !== null && t.charging && rise >= 0 && powerW === null);
    if (charging) t.chargingMs += spanMs;
    else t.idleMs += spanMs;
    if (spanMs > 0 && rise > CHARGING_RISE_WH && t.lastAtMs !== null) t.derivedPowerW = (rise * 3_600_000) / spanMs;
    else if (spanMs > 0 && t.lastAtMs !== null) t.derivedPowerW = 0;
    t.energyWh = energyWh;
    t.lastAtMs = atMs;
    if (powerW !== null) t.powerW = powerW;
    const power = powerW ?? t.derivedPowerW;
    if (power !== null) t.peakPowerW = Math.max(t.peakPowerW ?? 0, power);
    t.charging = power !== null ? power > CHARGING_THRESHOLD_W : charging;
    if (soc !== null) {
      const point = { atMs, soc, energyWh, chargingMs: t.chargingMs };
      if (t.firstSoc === null) t.firstSoc = point;
      else if (soc !== t.soc) {
        if (t.socChanges++ === 0) t.firstSoc = point;
        else t.lastSocChange = point;
      }
      t.soc = soc;
      if (power !== null && t.charging && soc > TAPER_KNEE_SOC && power < PLATEAU_SHARE * (t.peakPowerW ?? 0)) t.taperStart ??= { soc, powerW: power };
    }
    return true;
  }

  private publish(t: Track, event: DomainEvent): DomainEvent {
    const nowMs = msOf(event.at) ?? t.lastAtMs ?? t.startedAtMs;
    t.publishedAtMs = nowMs;
    return { type: 'session.progress', at: event.at, stationId: t.stationId, sessionId: t.id, data: { sessionId: t.id, ...this.present(t, nowMs) } };
  }

  private present(t: Track, nowMs: number): SessionProgressView {
    const asOf = t.lastAtMs ?? t.startedAtMs;
    // Station clocks (and simulated time) may run ahead of the server's: never count backwards.
    const now = Math.max(nowMs, asOf);
    const tail = now - asOf;
    const chargingMs = t.chargingMs + (t.charging ? tail : 0);
    const idleMs = t.idleMs + (t.charging ? 0 : tail);
    const powerW = t.powerW ?? t.derivedPowerW;
    const averagePowerW = t.chargingMs > 0 ? (t.energyWh * 3_600_000) / t.chargingMs : null;
    // A peak below the average would contradict the energy measured: samples missed the peak.
    const peakPowerW = t.peakPowerW === null && averagePowerW === null ? null : Math.max(t.peakPowerW ?? 0, averagePowerW ?? 0);
    const needs = t.needs ?? noNeeds();
    const e = estimateCompletion({ atMs: asOf, soc: t.soc, energyWh: t.energyWh, powerW: t.charging ? powerW : (powerW ?? 0), chargingMs: t.chargingMs, firstSoc: t.firstSoc, lastSocChange: t.lastSocChange, taperStart: t.taperStart, needs });
    const targetKnown = needs.targetSoc !== null || needs.energyRequestedWh !== null;
    return {
      asOf: iso(asOf)!, powerW, energyWh: t.energyWh, averagePowerW, peakPowerW,
      elapsedS: Math.round((now - t.startedAtMs) / 1000), chargingS: Math.round(chargingMs / 1000), idleS: Math.round(idleMs / 1000),
      soc: t.soc, targetSoc: needs.targetSoc, energyRequestedWh: needs.energyRequestedWh, departureTime: iso(needs.departureMs),
      eta: {
        toFull: iso(e.fullAtMs), ...(targetKnown ? { toTarget: iso(e.targetAtMs) } : {}), method: e.method,
        ...(e.reason ? { reason: e.reason } : {}), ...(e.socAtDeparture !== null ? { socAtDeparture: Math.round(e.socAtDeparture * 10) / 10 } : {}),
      },
    };
  }
}
