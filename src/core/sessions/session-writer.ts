import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import { batchEntry, type BatchCommitter, type BatchEntry } from '../../db/batch-committer.js';
import { eventChannel, insertEvents } from '../../db/outbox.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { LIFETIME_START, progressColumns, trackRow, type ActiveSessions, type TrackedSession } from './active-sessions.js';
import { meterSampleChannel, type MeterSample, type SampleGroup } from './meter-samples.js';
import { meterAnomalies } from './data-quality.js';
import { copyProgress, latestOfferedW, readingsOf, type Progress, type Reading } from './session-progress.js';
import { insertSampleGroups, insertSession, nextSessionId, sessionProgressChannel, supersedeActive, updateSession, type NewSessionRow, type ProgressUpdate, type SessionPatch, type SessionRow } from './sessions-repository.js';

/** What the writer needs; the service hands its own deps down. */
export interface SessionWriterDeps {
  db: Kysely<Database>;
  committer: BatchCommitter;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** How long a running session's stored progress may trail its samples (default `PROGRESS_CHECKPOINT_MS`). */
  progressCheckpointMs?: number;
}

/**
 * A running session's progress columns are a checkpoint, written at most this often per session (and at
 * every state change, event or stop): the samples are the durable record, and loading a session replays
 * those recorded after its checkpoint (`progress-replay.ts`). Writing the row with every meter value cost
 * the database as much as the whole message log.
 */
export const PROGRESS_CHECKPOINT_MS = 30_000;

/** Sessions checkpointed by one write of the sweep: the batch it joins stays small enough not to hold the stations' answers up. */
const SWEEP_CHUNK = 500;

/** What `record` may be told besides the samples. `readings` are the samples' readings when the caller took them already. */
export interface RecordExtra {
  chargingState?: string | null;
  events?: DomainEvent[];
  seqNo?: number;
  readings?: readonly Reading[];
}

const NO_EXTRA: RecordExtra = Object.freeze({});
const NO_EVENTS: readonly DomainEvent[] = Object.freeze([]);

/** The checkpoint row of a tracked session's progress, as of the newest message folded into it. */
function progressUpdate(t: TrackedSession, chargingState: string | null, now: Date): ProgressUpdate {
  const p = t.progress;
  return {
    sessionId: t.id, energyWh: p.energyWh, meterStartWh: p.startWh, lastRegisterWh: p.lastRegisterWh, powerW: p.powerW, soc: p.soc,
    lastSampleAt: p.lastAtMs === null ? null : new Date(p.lastAtMs), seqNo: t.seqNo, chargingState,
    anomaly: p.lifetimeStart ? LIFETIME_START : null, progressThrough: new Date(t.foldedAtMs), updatedAt: now,
  };
}

/** What a new session is made of. */
export interface NewSession {
  values: Omit<NewSessionRow, 'id' | 'transaction_ref'>;
  /** The station's transaction id; absent when the CSMS assigns it (1.6: the session id). */
  transactionRef?: string;
  progress: Progress;
  samples: readonly MeterSample[];
  /** Close running sessions on the same EVSE: a new start proves they are over. */
  supersede: boolean;
  seqNo?: number;
}

/** A change to a tracked session committed together with its samples and events. */
export interface TrackedChange {
  progress: Progress;
  patch: SessionPatch;
  samples: readonly MeterSample[];
  events(row: SessionRow): DomainEvent[];
}

/**
 * Writes sessions two ways: state changes (start, stop, late authorization) in one Kysely transaction
 * with their outbox events and samples; meter progress through the BatchCommitter (samples, one
 * progress UPDATE per batch, and outbox rows for the rare events). Both publish on the bus after commit.
 */
export class SessionWriter {
  private readonly checkpointMs: number;

  constructor(private readonly deps: SessionWriterDeps, readonly active: ActiveSessions) {
    this.checkpointMs = deps.progressCheckpointMs ?? PROGRESS_CHECKPOINT_MS;
  }

  /** An event stamped with the server's time. */
  event(type: string, row: { id: number; station_id: string }, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), stationId: row.station_id, sessionId: row.id, data: { sessionId: row.id, ...data } };
  }

  startedEvent(r: SessionRow): DomainEvent {
    return this.event('session.started', r, {
      transactionRef: r.transaction_ref, protocol: r.protocol, evseId: r.evse_id, connectorId: r.connector_id, idToken: r.id_token,
      authStatus: r.auth_status, startedAt: r.started_at.toISOString(), meterStartWh: r.meter_start_wh, energyWh: r.energy_wh,
      remoteStartId: r.remote_start_id, offline: r.offline, anomaly: r.anomaly, chargingState: r.charging_state,
    });
  }

  stoppedEvent(r: SessionRow): DomainEvent {
    return this.event('session.stopped', r, {
      transactionRef: r.transaction_ref, evseId: r.evse_id, connectorId: r.connector_id, idToken: r.id_token,
      startedAt: r.started_at.toISOString(), stoppedAt: r.stopped_at?.toISOString() ?? null, stopReason: r.stop_reason,
      meterStartWh: r.meter_start_wh, meterStopWh: r.meter_stop_wh, energyWh: r.energy_wh, anomaly: r.anomaly,
    });
  }

  /** Creates a session (and closes what it supersedes), with its samples and events, in one transaction. */
  async create(n: NewSession): Promise<SessionRow> {
    const now = this.deps.clock.now();
    const stationId = n.values.station_id;
    const evseId = n.values.evse_id;
    const completed = n.values.state === 'completed';
    const { row, superseded, events } = await this.guard(stationId, () => this.deps.db.transaction().execute(async (trx) => {
      const superseded = n.supersede && evseId > 0 ? await supersedeActive(trx, stationId, evseId, new Date(n.progress.startedAtMs), now) : [];
      const id = await nextSessionId(trx);
      const row = await insertSession(trx, {
        ...n.values, ...progressColumns(n.progress), id, transaction_ref: n.transactionRef ?? String(id),
        anomaly: n.values.anomaly ?? (n.progress.lifetimeStart ? LIFETIME_START : null), seq_no: n.seqNo ?? null, progress_through: now, updated_at: now,
      });
      await insertSampleGroups(trx, [this.group(row, n.samples, now, n.seqNo)]);
      const pending = [...superseded.map((s) => this.stoppedEvent(s)), this.startedEvent(row)];
      if (completed) pending.push(this.stoppedEvent(row));
      return { row, superseded, events: await insertEvents(trx, pending) };
    }));
    if (superseded.length > 0) {
      this.active.remove(stationId, superseded.map((s) => s.id));
      this.deps.logger.warn({ stationId, evseId, superseded: superseded.map((s) => s.id), sessionId: row.id }, 'active sessions superseded by a new start');
    }
    if (!completed) {
      // Fields set on the tracking rather than spread into a copy: it is read on every meter value.
      const t = trackRow(row);
      t.progress = n.progress;
      t.seen = n.seqNo === undefined ? null : new Set([n.seqNo]);
      this.active.add(t);
    }
    this.publish(events);
    return row;
  }

  /** Applies a state change to a tracked session in one transaction; the tracking follows the stored row. */
  async change(t: TrackedSession, c: TrackedChange): Promise<SessionRow> {
    const now = this.deps.clock.now();
    const flagged = meterAnomalies({ stationId: t.stationId, evseId: t.evseId, connectorId: t.connectorId, sessionId: t.id }, c.samples, t.progress, now.getTime());
    const anomaly = t.anomaly ?? (c.progress.lifetimeStart ? LIFETIME_START : null);
    const { row, events } = await this.guard(t.stationId, () => this.deps.db.transaction().execute(async (trx) => {
      await insertSampleGroups(trx, [this.group({ id: t.id, station_id: t.stationId, evse_id: t.evseId, connector_id: t.connectorId }, c.samples, now, t.seqNo)]);
      const row = await updateSession(trx, t.id, { anomaly, ...progressColumns(c.progress), seq_no: t.seqNo, ...c.patch, progress_through: now, updated_at: now });
      return { row, events: await insertEvents(trx, c.events(row)) };
    }));
    if (row.state === 'completed') this.active.remove(t.stationId, [t.id]);
    else {
      const next = trackRow(row);
      next.progress = c.progress;
      next.seen = t.seen;
      this.active.add(next);
    }
    this.publish(events);
    this.publish(flagged);
    return row;
  }

  /**
   * Records samples on the hot path: they, any events and, when due, the session's progress checkpoint
   * commit in the next batch; resolves after that commit. The tracked state moves first (the station's next
   * message waits for this one); if the batch fails, the station's state is reloaded from the database on
   * its next message. The checkpoint is due at once for a change the samples do not carry (no samples,
   * events, a new charging state or anomaly), else every `PROGRESS_CHECKPOINT_MS`.
   * The live `meter.sample` event goes out at once, not after the commit: it is no durable record (the
   * samples are), and the live view already follows the tracked state. Publishing it here spreads that work
   * over the messages' arrival instead of running it for a whole batch in the turn its commit is read.
   */
  async record(stationId: string, evseId: number, connectorId: number, samples: readonly MeterSample[], tracked?: TrackedSession, next?: Progress, extra: RecordExtra = NO_EXTRA): Promise<void> {
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const readings = samples.length === 0 ? undefined : (extra.readings ?? readingsOf(samples));
    // Checked against the progress before these samples (only when they are applied in order).
    const flagged = meterAnomalies({ stationId, evseId, connectorId: tracked?.connectorId ?? connectorId, sessionId: tracked?.id ?? null }, samples, next ? tracked?.progress : undefined, nowMs, readings);
    const events = extra.events ?? NO_EVENTS;
    const also: BatchEntry[] = [];
    if (tracked && next) {
      const changed = (!!extra.chargingState && extra.chargingState !== tracked.chargingState) || (next.lifetimeStart && tracked.anomaly === null);
      copyProgress(tracked.progress, next);
      tracked.foldedAtMs = nowMs;
      tracked.unsaved = true;
      if (extra.chargingState) tracked.chargingState = extra.chargingState;
      if (next.lifetimeStart) tracked.anomaly ??= LIFETIME_START;
      if (changed || samples.length === 0 || events.length > 0 || nowMs - tracked.storedAtMs >= this.checkpointMs) {
        also.push(batchEntry(sessionProgressChannel, [progressUpdate(tracked, extra.chargingState ?? null, now)]));
        tracked.storedAtMs = nowMs;
        tracked.unsaved = false;
      }
    }
    if (events.length > 0) also.push(batchEntry(eventChannel, events));
    const group: SampleGroup[] = samples.length > 0 ? [{ recordedAt: now, stationId, evseId, connectorId, sessionId: tracked?.id ?? null, seqNo: extra.seqNo ?? null, samples }] : [];
    const committed = group.length > 0 || also.length > 0 ? this.deps.committer.submit(meterSampleChannel, group, ...also) : undefined;
    if (readings) this.deps.bus.publish(this.sampleEvent(now, stationId, evseId, connectorId, samples, readings, tracked));
    try {
      await committed;
    } catch (error) {
      this.active.forget(stationId);
      throw error;
    }
    this.publish(events);
    this.publish(flagged);
  }

  /**
   * Writes the progress checkpoint of every tracked session that is due and whose station has sent nothing
   * for half an interval (all unsaved ones with `all`, at shutdown): a session whose station fell silent is
   * stored as far as it got, while a station still sending stores its own on its next message. The sweep
   * writes in chunks, one after the other, so a fleet gone silent at once does not make one huge batch.
   * A failed write makes the stations reload (and replay) on their next message.
   */
  async checkpoint(all = false): Promise<number> {
    const now = this.deps.clock.now();
    const nowMs = now.getTime();
    const due: TrackedSession[] = [];
    for (const t of this.active.all()) {
      if (t.unsaved && (all || (nowMs - t.storedAtMs >= this.checkpointMs && nowMs - t.foldedAtMs >= this.checkpointMs / 2))) due.push(t);
    }
    let written = 0;
    for (let i = 0; i < due.length; i += SWEEP_CHUNK) {
      // Taken afresh per chunk: a station's message may have stored its session meanwhile.
      const chunk = due.slice(i, i + SWEEP_CHUNK).filter((t) => t.unsaved);
      if (chunk.length === 0) continue;
      const updates = chunk.map((t) => progressUpdate(t, null, now));
      written += chunk.length;
      for (const t of chunk) {
        t.storedAtMs = t.foldedAtMs;
        t.unsaved = false;
      }
      try {
        await this.deps.committer.submit(sessionProgressChannel, updates);
      } catch (error) {
        for (const t of chunk) this.active.forget(t.stationId);
        throw error;
      }
    }
    return written;
  }

  /** The high-rate live event for one message's samples (bus only: meter_samples is their durable record). */
  private sampleEvent(now: Date, stationId: string, evseId: number, connectorId: number, samples: readonly MeterSample[], readings: readonly Reading[], tracked?: TrackedSession): DomainEvent {
    const at = now.toISOString();
    const offeredW = latestOfferedW(readings) ?? null;
    if (tracked) {
      const p = tracked.progress;
      return {
        type: 'meter.sample', at, stationId, sessionId: tracked.id,
        data: { stationId, sessionId: tracked.id, evseId, connectorId: tracked.connectorId, powerW: p.powerW, energyWh: p.energyWh, soc: p.soc, registerWh: p.lastRegisterWh, offeredW, at: p.lastAtMs === null ? at : new Date(p.lastAtMs).toISOString() },
      };
    }
    let powerW: number | null = null;
    let soc: number | null = null;
    let registerWh: number | null = null;
    let lastMs = samples[0]!.atMs;
    for (const r of readings) {
      powerW = r.powerW ?? powerW;
      soc = r.soc ?? soc;
      registerWh = r.registerWh ?? registerWh;
      lastMs = Math.max(lastMs, r.atMs);
    }
    return { type: 'meter.sample', at, stationId, data: { stationId, sessionId: null, evseId, connectorId, powerW, energyWh: null, soc, registerWh, offeredW, at: new Date(lastMs).toISOString() } };
  }

  /** Runs a write; if it fails, what is in memory about the station may be ahead of the database, so it is reloaded next time. */
  private async guard<T>(stationId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      this.active.forget(stationId);
      throw error;
    }
  }

  private group(row: { id: number; station_id: string; evse_id: number; connector_id: number }, samples: readonly MeterSample[], now: Date, seqNo: number | null | undefined): SampleGroup {
    return { recordedAt: now, stationId: row.station_id, evseId: row.evse_id, connectorId: row.connector_id, sessionId: row.id, seqNo: seqNo ?? null, samples };
  }

  private publish(events: readonly DomainEvent[]): void {
    for (const e of events) this.deps.bus.publish(e);
  }
}
