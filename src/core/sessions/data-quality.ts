import type { DomainEvent } from '../../bus/bus.js';
import type { MeterSample } from './meter-samples.js';
import { applyReading, readingsOf, type Progress, type Reading } from './session-progress.js';

/**
 * Meter values stamped further ahead of the server clock than this are flagged. Station clocks drift by
 * seconds; flagging those would turn every message into an event. The alert rule's tolerance starts here.
 */
export const FUTURE_FLAG_MS = 30_000;

/** Where the samples come from. */
export interface SampleOrigin {
  stationId: string;
  evseId: number;
  connectorId: number;
  sessionId: number | null;
}

function anomaly(at: string, o: SampleOrigin, data: Record<string, unknown>): DomainEvent {
  return { type: 'data.anomaly', at, stationId: o.stationId, ...(o.sessionId !== null ? { sessionId: o.sessionId } : {}), data: { ...o, ...data } };
}

/** What `meterAnomalies` finds in the common case: nothing (shared, never written to). */
const NONE: readonly DomainEvent[] = Object.freeze([]);

/**
 * Second-tier checks of meter values that passed the schema and are stored as they are: a timestamp far
 * in the future, or an energy register lower than the session's previous reading (applied in order, as the
 * meter arithmetic does; an older reading arriving late is not "backwards"). Each finding is a
 * `data.anomaly` event (bus only): the data is accepted and flagged, never rejected. `readings` are the
 * samples' readings when the caller has them already.
 */
export function meterAnomalies(o: SampleOrigin, samples: readonly MeterSample[], before: Progress | undefined, nowMs: number, readings?: readonly Reading[]): readonly DomainEvent[] {
  if (samples.length === 0) return NONE;
  let out: DomainEvent[] | undefined;
  let at: string | undefined;
  let latestMs = samples[0]!.atMs;
  for (const s of samples) if (s.atMs > latestMs) latestMs = s.atMs;
  if (latestMs - nowMs > FUTURE_FLAG_MS) {
    at ??= new Date(nowMs).toISOString();
    (out ??= []).push(anomaly(at, o, { kind: 'future_timestamp', skewMs: latestMs - nowMs, timestamp: new Date(latestMs).toISOString(), message: 'MeterValues' }));
  }
  if (!before) return out ?? NONE;
  let p = before;
  for (const r of readings ?? readingsOf(samples)) {
    const inOrder = p.lastAtMs === null || r.atMs >= p.lastAtMs;
    if (inOrder && r.registerWh !== undefined && p.lastRegisterWh !== null && r.registerWh < p.lastRegisterWh) {
      at ??= new Date(nowMs).toISOString();
      (out ??= []).push(anomaly(at, o, { kind: 'meter_backwards', previousWh: p.lastRegisterWh, registerWh: r.registerWh, timestamp: new Date(r.atMs).toISOString() }));
    }
    p = applyReading(p, r);
  }
  return out ?? NONE;
}
