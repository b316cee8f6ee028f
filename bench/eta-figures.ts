/** The arithmetic of the ETA accuracy bench: which estimate counts at each checkpoint, and the error figures. */

/** One answer of the API while a session ran: station (simulated) times in ms. */
export interface EtaObservation {
  /** Time of the reading the estimate is based on. */
  asOfMs: number;
  /** The estimated end (time to target when the EV stated one, else time to full); null when none was given. */
  etaMs: number | null;
}

/** One finished session: when charging started and truly ended, and what the server said along the way. */
export interface EtaSession {
  version: string;
  kind: string;
  startMs: number;
  endMs: number;
  observations: EtaObservation[];
}

/** Fractions of each session's charging time at which the estimate is judged. */
export const CHECKPOINTS = [0.2, 0.5, 0.8] as const;

/** Error of one estimate: signed minutes (late > 0) and absolute percent of the time that was still left. */
export interface EtaError {
  minutes: number;
  percent: number;
}

/** Figures of one checkpoint over many sessions. */
export interface CheckpointFigures {
  sessions: number;
  /** Sessions without an estimate at that point. */
  missing: number;
  maeMin: number | null;
  p90Min: number | null;
  maePct: number | null;
  p90Pct: number | null;
  /** Mean signed error: > 0 means estimates were late (pessimistic). */
  biasMin: number | null;
}

/** The estimate at `fraction` of a session's charging time: the latest one based on a reading at or before it. */
export function errorAt(s: EtaSession, fraction: number): EtaError | null {
  const at = s.startMs + fraction * (s.endMs - s.startMs);
  let chosen: EtaObservation | undefined;
  for (const o of s.observations) if (o.asOfMs <= at && (!chosen || o.asOfMs >= chosen.asOfMs)) chosen = o;
  if (!chosen || chosen.etaMs === null) return null;
  const left = s.endMs - chosen.asOfMs;
  const minutes = (chosen.etaMs - s.endMs) / 60_000;
  return { minutes, percent: left > 0 ? (Math.abs(chosen.etaMs - s.endMs) / left) * 100 : 0 };
}

/** The value below which 90 % of the values lie (nearest rank). */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
}

const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Figures per checkpoint ("20", "50", "80") over the sessions. */
export function checkpointFigures(sessions: readonly EtaSession[]): Record<string, CheckpointFigures> {
  const out: Record<string, CheckpointFigures> = {};
  for (const f of CHECKPOINTS) {
    const errors = sessions.map((s) => errorAt(s, f)).filter((e): e is EtaError => e !== null);
    const absMin = errors.map((e) => Math.abs(e.minutes));
    const pct = errors.map((e) => e.percent);
    out[String(Math.round(f * 100))] = {
      sessions: sessions.length, missing: sessions.length - errors.length,
      maeMin: round2(mean(absMin)), p90Min: round2(p90(absMin)), maePct: round2(mean(pct)), p90Pct: round2(p90(pct)),
      biasMin: round2(mean(errors.map((e) => e.minutes))),
    };
  }
  return out;
}
