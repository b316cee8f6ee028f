import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { trackRow, type TrackedSession } from './active-sessions.js';
import { applyReadings, readingsOf, type ReadingSample } from './session-progress.js';
import { loadActiveSessions, type SessionRow } from './sessions-repository.js';

/** A stored sample as the replay reads it. */
export interface ReplaySample extends ReadingSample {
  sessionId: number;
  recordedAtMs: number;
  seqNo: number | null;
}

/**
 * Folds samples recorded after a session's checkpoint into its tracking, one message at a time (a message's
 * samples share their receive time), exactly as they were folded when they arrived: the meter arithmetic
 * depends only on the readings and their order. A 2.0.1 sample's seqNo marks its TransactionEvent as seen.
 * Samples must be in receive order; those at or before the checkpoint are skipped.
 */
export function replaySamples(t: TrackedSession, samples: readonly ReplaySample[]): void {
  let from = 0;
  while (from < samples.length) {
    const recordedAtMs = samples[from]!.recordedAtMs;
    let to = from + 1;
    while (to < samples.length && samples[to]!.recordedAtMs === recordedAtMs) to++;
    if (recordedAtMs > t.foldedAtMs) {
      const message = samples.slice(from, to);
      t.progress = applyReadings(t.progress, readingsOf(message));
      t.foldedAtMs = recordedAtMs;
      t.unsaved = true;
      for (const s of message) if (s.seqNo !== null && (t.seqNo === null || s.seqNo > t.seqNo)) t.seqNo = s.seqNo;
    }
    from = to;
  }
}

/** The samples of the given sessions recorded after their checkpoints, by session, in receive order. */
async function samplesAfterCheckpoints(db: Kysely<Database>, rows: readonly SessionRow[]): Promise<Map<number, ReplaySample[]>> {
  const out = new Map<number, ReplaySample[]>();
  const checked = rows.filter((r) => r.progress_through !== null);
  if (checked.length === 0) return out;
  // The oldest checkpoint bounds the receive time, so only the newest day partitions are searched.
  const since = new Date(Math.min(...checked.map((r) => r.progress_through!.getTime())));
  const found = await db.selectFrom('meter_samples')
    .select(['session_id', 'recorded_at', 'at', 'measurand', 'phase', 'location', 'value', 'seq_no'])
    .where('session_id', 'in', checked.map((r) => r.id)).where('recorded_at', '>', since)
    .orderBy('session_id').orderBy('recorded_at').orderBy('at').execute();
  for (const s of found) {
    let list = out.get(s.session_id!);
    if (!list) out.set(s.session_id!, (list = []));
    list.push({ sessionId: s.session_id!, recordedAtMs: s.recorded_at.getTime(), atMs: s.at.getTime(), measurand: s.measurand, phase: s.phase, location: s.location, value: s.value, seqNo: s.seq_no });
  }
  return out;
}

/** Stored sessions ready to track, each brought up to date with the samples recorded after its checkpoint. */
export async function resumeTracking(db: Kysely<Database>, rows: readonly SessionRow[]): Promise<TrackedSession[]> {
  const samples = await samplesAfterCheckpoints(db, rows);
  return rows.map((r) => {
    const t = trackRow(r);
    const own = samples.get(r.id);
    if (own) replaySamples(t, own);
    return t;
  });
}

/** A station's running sessions, ready to track (see `resumeTracking`). */
export async function loadTracking(db: Kysely<Database>, stationId: string): Promise<TrackedSession[]> {
  return resumeTracking(db, await loadActiveSessions(db, stationId));
}
