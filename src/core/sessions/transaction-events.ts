import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Logger } from '../shared/logger.js';
import { classifySeq, markSeq, trackRow, type TrackedSession } from './active-sessions.js';
import type { MeterSample } from './meter-samples.js';
import { applyReadings, firstRegisterWh, initialProgress, readingsOf, type Progress } from './session-progress.js';
import type { SessionWriter } from './session-writer.js';
import type { AuthResult, TransactionEventInput, TransactionEventResult } from './sessions.js';
import { findSessionByRef, type SessionPatch, type SessionRow } from './sessions-repository.js';

/** Anomaly of a session first seen after its start (an Updated or Ended without a Started). */
export const MISSING_START = 'missing_start';
/** Anomaly of a session whose id token was not accepted. */
export const UNAUTHORIZED = 'unauthorized';

function parseMs(timestamp: string, fallbackMs: number): number {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? fallbackMs : ms;
}

function lastRegister(p: Progress, samples: readonly MeterSample[]): number | null {
  const regs = readingsOf(samples).filter((r) => r.registerWh !== undefined);
  return regs.length > 0 ? regs[regs.length - 1]!.registerWh! : p.lastRegisterWh;
}

/**
 * OCPP 2.0.1 TransactionEvent, applied idempotently by (station, transactionId, seqNo). Events can arrive
 * out of order (offline queues): an Updated or Ended for an unknown transaction creates the session; an
 * older seqNo still stores its samples but never moves the state backwards.
 */
export class TransactionEventFlow {
  constructor(private readonly deps: { db: Kysely<Database>; logger: Logger; nowMs: () => number }, private readonly w: SessionWriter) {}

  async apply(input: TransactionEventInput, auth: AuthResult | undefined): Promise<TransactionEventResult> {
    let tracked = await this.w.active.byRef(input.stationId, input.transactionRef);
    if (!tracked) {
      const row = await findSessionByRef(this.deps.db, input.stationId, input.transactionRef);
      if (!row) return this.create(input, auth);
      if (row.state === 'completed') return this.onCompleted(row, input, auth);
      tracked = await this.w.active.track(row);
    }
    const seq = classifySeq(tracked, input.seqNo);
    if (seq === 'duplicate') return { outcome: 'duplicate', sessionId: tracked.id, auth };
    if (seq === 'late' && input.eventType === 'Updated') {
      await this.w.record(input.stationId, tracked.evseId, tracked.connectorId, input.samples, tracked, undefined, { seqNo: input.seqNo });
      markSeq(tracked, input.seqNo);
      return { outcome: 'late', sessionId: tracked.id, auth };
    }
    markSeq(tracked, input.seqNo);
    // Taken once: the writer's checks and live event read the same readings (an Updated event is the hot path).
    const readings = readingsOf(input.samples);
    const progress = applyReadings(tracked.progress, readings);
    if (input.eventType === 'Ended') {
      await this.w.change(tracked, {
        progress, samples: input.samples, events: (r) => [this.w.stoppedEvent(r)],
        patch: { ...this.fill(tracked, input, auth), state: 'completed', stopped_at: new Date(parseMs(input.timestamp, this.deps.nowMs())), stop_reason: input.stoppedReason ?? 'Local', meter_stop_wh: lastRegister(progress, input.samples), charging_state: input.chargingState ?? tracked.chargingState },
      });
      return { outcome: 'applied', sessionId: tracked.id, auth };
    }
    const patch = this.fill(tracked, input, auth);
    const fixed = this.fixStart(tracked, progress, input);
    if (Object.keys(patch).length > 0 || Object.keys(fixed.patch).length > 0) {
      await this.w.change(tracked, {
        progress: fixed.progress, samples: input.samples, events: (r) => [this.w.event('session.updated', r, { idToken: r.id_token, authStatus: r.auth_status, evseId: r.evse_id, connectorId: r.connector_id, startedAt: r.started_at.toISOString(), chargingState: r.charging_state })],
        patch: { ...fixed.patch, ...patch, charging_state: input.chargingState ?? tracked.chargingState },
      });
      return { outcome: 'applied', sessionId: tracked.id, auth };
    }
    const changed = input.chargingState !== undefined && input.chargingState !== tracked.chargingState;
    const events = changed ? [this.w.event('session.updated', { id: tracked.id, station_id: tracked.stationId }, { chargingState: input.chargingState, previousChargingState: tracked.chargingState, triggerReason: input.triggerReason ?? null })] : [];
    await this.w.record(input.stationId, tracked.evseId, tracked.connectorId, input.samples, tracked, progress, { chargingState: input.chargingState ?? null, events, seqNo: input.seqNo, readings });
    return { outcome: 'applied', sessionId: tracked.id, auth };
  }

  /** What an event tells about a session that it did not know yet (start details arriving late or later). */
  private fill(t: TrackedSession, input: TransactionEventInput, auth: AuthResult | undefined): SessionPatch {
    const patch: SessionPatch = {};
    if (input.idToken && t.idToken === null) {
      patch.id_token = input.idToken.value;
      patch.id_token_type = input.idToken.type ?? null;
      patch.auth_status = auth?.status ?? null;
      if (auth && auth.status !== 'Accepted') patch.anomaly = UNAUTHORIZED;
    }
    if (t.evseId === 0 && input.evseId !== undefined && input.evseId > 0) {
      patch.evse_id = input.evseId;
      patch.connector_id = input.connectorId ?? 1;
    }
    if (input.eventType === 'Started') {
      const startMs = parseMs(input.timestamp, t.progress.startedAtMs);
      if (startMs < t.progress.startedAtMs) patch.started_at = new Date(startMs);
      if (input.remoteStartId !== undefined) patch.remote_start_id = input.remoteStartId;
    }
    return patch;
  }

  /**
   * A Started arriving after the session was created from a later event: its start reading is the real
   * baseline, so the energy between it and the first reading seen is added.
   */
  private fixStart(t: TrackedSession, progress: Progress, input: TransactionEventInput): { progress: Progress; patch: SessionPatch } {
    if (input.eventType !== 'Started' || t.anomaly !== MISSING_START) return { progress, patch: {} };
    const begin = firstRegisterWh(input.samples);
    const startedAtMs = Math.min(progress.startedAtMs, parseMs(input.timestamp, progress.startedAtMs));
    if (begin === undefined || progress.startWh === null || begin > progress.startWh) return { progress: { ...progress, startedAtMs }, patch: { anomaly: null } };
    return { progress: { ...progress, startedAtMs, startWh: begin, energyWh: progress.energyWh + (progress.startWh - begin) }, patch: { anomaly: null } };
  }

  /** A transaction seen for the first time: Started as normal, Updated out of order, Ended from an offline era. */
  private async create(input: TransactionEventInput, auth: AuthResult | undefined): Promise<TransactionEventResult> {
    const eventMs = parseMs(input.timestamp, this.deps.nowMs());
    const ended = input.eventType === 'Ended';
    const started = input.eventType === 'Started';
    const beginSamples = ended ? input.samples.filter((s) => s.context === 'Transaction.Begin') : input.samples;
    const startWh = started || ended ? firstRegisterWh(beginSamples) ?? null : null;
    const startedAtMs = ended ? Math.min(eventMs, ...input.samples.map((s) => s.atMs)) : eventMs;
    const progress = applyReadings(initialProgress(startedAtMs, startWh), readingsOf(input.samples));
    const evseId = input.evseId ?? 0;
    const anomaly = auth && auth.status !== 'Accepted' ? UNAUTHORIZED : started ? null : MISSING_START;
    const row = await this.w.create({
      transactionRef: input.transactionRef,
      supersede: !ended,
      progress,
      samples: input.samples,
      seqNo: input.seqNo,
      values: {
        station_id: input.stationId, protocol: '2.0.1', evse_id: evseId, connector_id: input.connectorId ?? (evseId > 0 ? 1 : 0),
        id_token: input.idToken?.value ?? null, id_token_type: input.idToken?.type ?? null, auth_status: auth?.status ?? null,
        state: ended ? 'completed' : 'active', started_at: new Date(startedAtMs), stopped_at: ended ? new Date(eventMs) : null,
        meter_stop_wh: ended ? lastRegister(progress, input.samples) : null, stop_reason: ended ? input.stoppedReason ?? 'Local' : null,
        charging_state: input.chargingState ?? null, remote_start_id: input.remoteStartId ?? null, offline: input.offline === true || ended, anomaly,
      },
    });
    if (!started) this.deps.logger.info({ stationId: input.stationId, transactionRef: input.transactionRef, eventType: input.eventType, sessionId: row.id }, 'transaction first seen without its Started event');
    return { outcome: 'applied', sessionId: row.id, auth };
  }

  /** An event for a completed session: repeats change nothing; anything newer only adds its samples. */
  private async onCompleted(row: SessionRow, input: TransactionEventInput, auth: AuthResult | undefined): Promise<TransactionEventResult> {
    if (row.seq_no !== null && input.seqNo <= row.seq_no) return { outcome: 'duplicate', sessionId: row.id, auth };
    await this.w.record(input.stationId, row.evse_id, row.connector_id, input.samples, trackRow(row), undefined, { seqNo: input.seqNo });
    return { outcome: 'late', sessionId: row.id, auth };
  }
}
