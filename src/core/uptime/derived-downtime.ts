import type { StatusTrack } from './ledger.js';

const MINUTE = 60_000;

/** A start attempt on a port that failed, and when the port's next start attempt (of any outcome) came. */
export interface FailedStart {
  atMs: number;
  nextAttemptMs: number | null;
}

/** A session on a port as the under-power measure needs it; `toMs` is now for a running session. */
export interface PortSession {
  connectorId: number;
  fromMs: number;
  toMs: number;
  energyWh: number;
}

/**
 * After a failed start the port counts as down for `downMin` minutes, or until its next start attempt when
 * that comes sooner (a next attempt that fails opens its own interval, so failures in a row stay down).
 */
export function failedStartIntervals(list: readonly FailedStart[], downMin: number): Array<[number, number]> {
  if (downMin <= 0) return [];
  return list.map((f) => [f.atMs, Math.min(f.atMs + downMin * MINUTE, f.nextAttemptMs ?? Number.POSITIVE_INFINITY)]);
}

/** The intervals within [fromMs, toMs) in which a track holds `status`. */
export function statusIntervals(track: StatusTrack, status: string, fromMs: number, toMs: number): Array<[number, number]> {
  const changes = [...track.changes].sort((a, b) => a.atMs - b.atMs);
  const out: Array<[number, number]> = [];
  let current = track.initial;
  let since = fromMs;
  for (const c of changes) {
    if (c.atMs >= toMs) break;
    if (c.atMs > since && current === status) out.push([since, c.atMs]);
    if (c.atMs > since) since = c.atMs;
    current = c.status;
  }
  if (current === status && toMs > since) out.push([since, toMs]);
  return out;
}

/**
 * The Charging minutes of under-powered sessions: a session whose energy over its minutes in Charging (the
 * connector's reported status) averages below `thresholdW` counts those minutes as down. The mean is taken per
 * session, so a car that is full (SuspendedEV, not Charging) does not make a port look under-powered.
 */
export function underPowerIntervals(sessions: readonly PortSession[], trackOf: (connectorId: number) => StatusTrack | undefined, thresholdW: number): Array<[number, number]> {
  if (thresholdW <= 0) return [];
  const out: Array<[number, number]> = [];
  for (const s of sessions) {
    const track = trackOf(s.connectorId);
    if (!track) continue;
    const charging = statusIntervals(track, 'Charging', s.fromMs, s.toMs);
    const ms = charging.reduce((sum, [a, b]) => sum + (b - a), 0);
    if (ms <= 0) continue;
    const meanW = (s.energyWh * 3_600_000) / ms;
    if (meanW < thresholdW) out.push(...charging);
  }
  return out;
}
