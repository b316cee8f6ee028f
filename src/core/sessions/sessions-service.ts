import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { BatchCommitter } from '../../db/batch-committer.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import type { AccessWhere } from '../access/index.js';
import { ActiveSessions, withProgress, type TrackedSession } from './active-sessions.js';
import { ChargingNeedsBook, type ChargingNeedsInput, type ChargingNeedsResult } from './charging-needs.js';
import { applyReading, applyReadings, initialProgress, readingsOf } from './session-progress.js';
import { decodeCursor, encodeCursor, presentSession } from './session-view.js';
import { PROGRESS_CHECKPOINT_MS, SessionWriter } from './session-writer.js';
import type {
  AuthResult, AuthStatus, IdTokenInput, MeterValuesInput, SampleQuery, SampleSeries, Session, SessionFilter, SessionPage, StartInput, StartResult,
  StopInput, StopResult, TokenAuthorizer, TransactionEventInput, TransactionEventResult,
} from './sessions.js';
import { countSessions, findSession, queryActiveSessions, querySessions, rawSamples, sampleBuckets } from './sessions-query-repository.js';
import { findSessionByRef, findSessionByStartKey, insertOrphan, type SessionRow } from './sessions-repository.js';
import { loadTracking, resumeTracking } from './progress-replay.js';
import { TransactionEventFlow, UNAUTHORIZED } from './transaction-events.js';

/** What the session service is built from. `access` is the AccessDecider (the one authorization decision). */
export interface SessionServiceDeps {
  db: Kysely<Database>;
  committer: BatchCommitter;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  access: TokenAuthorizer;
  /** How long a running session's stored progress may trail its samples (default `PROGRESS_CHECKPOINT_MS`). */
  progressCheckpointMs?: number;
}

const DEFAULT_MAX_POINTS = 500;
/** Session counts stop here (an exact count of a large history costs a scan). */
const COUNT_CAP = 10_000;
/** Raw samples returned at most per request (a day of 10 s samples of a few measurands). */
const RAW_SAMPLE_CAP = 100_000;

function dateOf(name: string, value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} is not a valid time`, { [name]: String(value) });
  return d;
}

/**
 * Charging sessions, version-neutral: starts, stops, meter values and 2.0.1 transaction events, each
 * idempotent and acknowledged only after commit; live progress kept in memory so that meter values cost
 * no read query; and the queries the API presents.
 */
export class SessionService {
  private readonly active: ActiveSessions;
  private readonly writer: SessionWriter;
  private readonly flow: TransactionEventFlow;
  private readonly needs: ChargingNeedsBook;
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SessionServiceDeps) {
    this.active = new ActiveSessions((stationId) => loadTracking(deps.db, stationId), async (row) => (await resumeTracking(deps.db, [row]))[0]!);
    this.writer = new SessionWriter(deps, this.active);
    this.flow = new TransactionEventFlow({ db: deps.db, logger: deps.logger, nowMs: () => deps.clock.nowMs() }, this.writer);
    this.needs = new ChargingNeedsBook({ writer: this.writer, clock: deps.clock, logger: deps.logger });
  }

  /** Authorizes an id token for a station (EVSE); a 2.0.1 NoAuthorization token needs no check. */
  async authorize(stationId: string, token: IdTokenInput | undefined, where: AccessWhere = 'authorize', at: { evseId?: number; starting?: boolean } = {}): Promise<AuthResult | undefined> {
    if (!token) return undefined;
    if (token.type === 'NoAuthorization') return { status: 'Accepted', reason: 'a NoAuthorization id token needs no check', known: true };
    return this.deps.access.decide({
      idToken: token.value, stationId, where, at: this.deps.clock.now(),
      ...(token.type !== undefined ? { tokenType: token.type } : {}), ...(at.evseId !== undefined ? { evseId: at.evseId } : {}), ...(at.starting ? { starting: true } : {}),
    });
  }

  /**
   * 1.6 StartTransaction: assigns the transaction id (the session id). A token that is not accepted still
   * gets a transaction (the station decides to stop); the session is flagged. The same request repeated
   * returns the same transaction id and changes nothing.
   */
  async start(input: StartInput): Promise<StartResult> {
    const startedAtMs = this.parseMs(input.timestamp);
    const startKey = [input.connectorId, input.idToken.value, new Date(startedAtMs).toISOString(), input.meterStartWh].join('|');
    const auth = (await this.authorize(input.stationId, input.idToken, 'start', { evseId: input.evseId }))!;
    const existing = await findSessionByStartKey(this.deps.db, input.stationId, startKey);
    if (existing) return { sessionId: existing.id, transactionRef: existing.transaction_ref, auth: { ...auth, status: (existing.auth_status as AuthStatus | null) ?? auth.status }, duplicate: true };
    await this.active.of(input.stationId);
    const row = await this.writer.create({
      supersede: true,
      progress: initialProgress(startedAtMs, input.meterStartWh),
      samples: [],
      values: {
        station_id: input.stationId, protocol: '1.6', evse_id: input.evseId, connector_id: input.connectorId, id_token: input.idToken.value,
        id_token_type: input.idToken.type ?? null, auth_status: auth.status, started_at: new Date(startedAtMs), start_key: startKey,
        anomaly: auth.status === 'Accepted' ? null : UNAUTHORIZED,
      },
    });
    return { sessionId: row.id, transactionRef: row.transaction_ref, auth, duplicate: false };
  }

  /**
   * 1.6 StopTransaction: closes the session with its final reading. A repeat of a stop returns the same
   * answer and changes nothing; a stop for an unknown transaction is kept in orphan_messages and answered
   * normally, so the station does not retry it forever.
   */
  async stop(input: StopInput): Promise<StopResult> {
    const auth = await this.authorize(input.stationId, input.idToken, 'stop');
    let tracked = await this.active.byRef(input.stationId, input.transactionRef);
    if (!tracked) {
      const row = await findSessionByRef(this.deps.db, input.stationId, input.transactionRef);
      if (!row) {
        await insertOrphan(this.deps.db, { stationId: input.stationId, action: 'StopTransaction', transactionRef: input.transactionRef, payload: input.payload, at: this.deps.clock.now() });
        this.deps.logger.warn({ stationId: input.stationId, transactionRef: input.transactionRef }, 'stop for an unknown transaction kept as orphan');
        return { outcome: 'orphan', sessionId: null, auth };
      }
      if (row.state === 'completed') return { outcome: 'duplicate', sessionId: row.id, auth };
      tracked = await this.active.track(row);
    }
    const stopMs = this.parseMs(input.timestamp);
    const progress = applyReading(applyReadings(tracked.progress, readingsOf(input.samples)), { atMs: stopMs, registerWh: input.meterStopWh });
    const row = await this.writer.change(tracked, {
      progress, samples: input.samples, events: (r) => [this.writer.stoppedEvent(r)],
      patch: { state: 'completed', stopped_at: new Date(stopMs), meter_stop_wh: input.meterStopWh, stop_reason: input.reason ?? 'Local' },
    });
    return { outcome: 'stopped', sessionId: row.id, auth };
  }

  /**
   * Meter values of either protocol: samples tied to the named transaction, or to the EVSE's running session
   * when none is named. Resolves once samples and progress are committed (with the next batch).
   */
  recordMeterValues(input: MeterValuesInput): Promise<void> {
    // No await when the station's sessions are loaded already (every message but a station's first).
    const list = this.active.of(input.stationId);
    return Array.isArray(list) ? this.recordFor(list, input) : list.then((loaded) => this.recordFor(loaded, input));
  }

  private recordFor(list: readonly TrackedSession[], input: MeterValuesInput): Promise<void> {
    const ref = input.transactionRef;
    let tracked: TrackedSession | undefined;
    if (ref !== undefined) {
      for (const s of list) {
        if (s.transactionRef === ref) {
          tracked = s;
          break;
        }
      }
      if (!tracked) this.deps.logger.debug({ stationId: input.stationId, transactionRef: ref }, 'meter values for a transaction that is not running');
    } else if (input.evseId > 0) {
      for (const s of list) {
        if (s.evseId === input.evseId) {
          tracked = s;
          break;
        }
      }
    }
    const readings = readingsOf(input.samples);
    const next = tracked ? applyReadings(tracked.progress, readings) : undefined;
    return this.writer.record(input.stationId, input.evseId, tracked?.connectorId ?? input.connectorId, input.samples, tracked, next, { readings });
  }

  /** 2.0.1 TransactionEvent (Started, Updated, Ended), idempotent by seqNo. */
  async transactionEvent(input: TransactionEventInput): Promise<TransactionEventResult> {
    // A repeated Started (the station retrying) must not count its own session against the token's limits.
    const starting = input.eventType === 'Started' && input.idToken !== undefined && !(await this.active.byRef(input.stationId, input.transactionRef));
    const auth = await this.authorize(input.stationId, input.idToken, 'transaction', { ...(input.evseId !== undefined ? { evseId: input.evseId } : {}), starting });
    const result = await this.flow.apply(input, auth);
    if (input.eventType === 'Started' && this.needs.holdsFor(input.stationId)) await this.applyHeldNeeds(input.stationId, input.transactionRef);
    return result;
  }

  /**
   * 2.0.1 NotifyEVChargingNeeds: stored on the EVSE's running session (target SoC, energy, departure, EV
   * limits), or held for the EVSE's next session when the EV stated them before the transaction started.
   */
  async recordChargingNeeds(input: ChargingNeedsInput): Promise<ChargingNeedsResult> {
    const running = (await this.active.of(input.stationId)).find((s) => s.evseId === input.evseId);
    return this.needs.record(input, running);
  }

  private async applyHeldNeeds(stationId: string, transactionRef: string): Promise<void> {
    const tracked = await this.active.byRef(stationId, transactionRef);
    const held = tracked ? this.needs.take(stationId, tracked.evseId) : undefined;
    if (tracked && held) await this.needs.record(held, tracked);
  }

  /**
   * Stores, twice per checkpoint interval, the progress of running sessions whose checkpoint is due and
   * whose stations fell silent, as far as they got (a station still sending stores its own).
   */
  startCheckpoints(): void {
    const every = (this.deps.progressCheckpointMs ?? PROGRESS_CHECKPOINT_MS) / 2;
    this.checkpointTimer = setInterval(() => {
      this.checkpointDue().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'session progress checkpoint failed'));
    }, every);
    this.checkpointTimer.unref();
  }

  /** Stores the progress of the running sessions whose checkpoint is due; resolves with how many. */
  checkpointDue(): Promise<number> {
    return this.writer.checkpoint();
  }

  /** Stops the periodic checkpoints and stores every running session's progress (at shutdown, once stations are gone). */
  async flush(): Promise<void> {
    clearInterval(this.checkpointTimer);
    this.checkpointTimer = undefined;
    await this.writer.checkpoint(true);
  }

  /** Drops in-memory state of a station (call when its socket moves here from another node). */
  forgetStation(stationId: string): void {
    this.active.forget(stationId);
  }

  /** Sessions, newest first, one page at a time. */
  async list(filter: SessionFilter): Promise<SessionPage> {
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    if (filter.cursor && !after) throw new ValidationError('invalid cursor', { cursor: filter.cursor });
    const limit = Math.min(Math.max(1, Math.floor(filter.limit) || 1), 1000);
    const q = { stationId: filter.stationId, siteId: filter.siteId, state: filter.state, idToken: filter.idToken, limit, after, from: dateOf('from', filter.from), to: dateOf('to', filter.to) };
    const [rows, total] = await Promise.all([querySessions(this.deps.db, q), countSessions(this.deps.db, q, COUNT_CAP)]);
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => this.present(r)), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
      total: Math.min(total, COUNT_CAP), totalIsEstimate: total > COUNT_CAP,
    };
  }

  /** One session; NotFoundError when there is none. */
  async get(id: number): Promise<Session> {
    const row = await findSession(this.deps.db, id);
    if (!row) throw new NotFoundError('session', id);
    return this.present(row);
  }

  /** A station's running sessions. */
  async activeFor(stationId: string): Promise<Session[]> {
    return (await queryActiveSessions(this.deps.db, stationId)).map((r) => this.present(r));
  }

  /** A session's samples as downsampled series (at most `maxPoints` per measurand and phase), or raw with `raw`. */
  async samples(sessionId: number, q: SampleQuery = {}): Promise<SampleSeries[]> {
    await this.get(sessionId);
    const maxPoints = Math.min(Math.max(2, Math.floor(q.maxPoints ?? DEFAULT_MAX_POINTS)), 5000);
    const series = new Map<string, SampleSeries>();
    const rows = q.raw ? await rawSamples(this.deps.db, sessionId, RAW_SAMPLE_CAP, q.measurands) : await sampleBuckets(this.deps.db, sessionId, maxPoints, q.measurands);
    for (const b of rows) {
      const key = `${b.measurand}|${b.phase ?? ''}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { measurand: b.measurand, phase: b.phase, unit: b.unit, points: [] }));
      s.points.push({ at: new Date(b.at).toISOString(), value: b.value, min: b.min, max: b.max, count: b.count });
    }
    return [...series.values()];
  }

  /** A stored session as presented, with this process's newer progress when it tracks the running session (the row holds a checkpoint). */
  private present(r: SessionRow): Session {
    const t = r.state === 'active' ? this.active.find(r.station_id, r.id) : undefined;
    return presentSession(t?.unsaved ? withProgress(r, t) : r);
  }

  private parseMs(timestamp: string): number {
    const ms = Date.parse(timestamp);
    return Number.isNaN(ms) ? this.deps.clock.nowMs() : ms;
  }
}
