import type { Progress } from './session-progress.js';
import type { SessionRow } from './sessions-repository.js';

/** Anomaly noting that a meterStart of 0 was replaced by the meter's first (lifetime) reading. */
export const LIFETIME_START = 'meter_start_lifetime';

/** What the hot path keeps in memory about one running session, so a MeterValues needs no read query. */
export interface TrackedSession {
  id: number;
  stationId: string;
  transactionRef: string;
  evseId: number;
  connectorId: number;
  idToken: string | null;
  progress: Progress;
  chargingState: string | null;
  anomaly: string | null;
  /** Highest 2.0.1 seqNo applied. */
  seqNo: number | null;
  /** The seqNos applied in this process; null after a reload, when only `seqNo` is known. */
  seen: Set<number> | null;
  /** Receive time (epoch ms) of the newest message folded into `progress`. */
  foldedAtMs: number;
  /** When the progress was last stored (`progress_through` of the checkpoint), as a receive time. */
  storedAtMs: number;
  /** Whether `progress` is ahead of the stored checkpoint. */
  unsaved: boolean;
}

/** How a 2.0.1 event's seqNo relates to what was applied: new, a repeat, or an older one arriving late. */
export type SeqClass = 'new' | 'duplicate' | 'late';

const SEEN_WINDOW = 256;

/** Classifies a seqNo against a session. */
export function classifySeq(s: TrackedSession, seqNo: number): SeqClass {
  if (s.seqNo === null || seqNo > s.seqNo) return 'new';
  if (s.seen ? s.seen.has(seqNo) : seqNo === s.seqNo) return 'duplicate';
  return 'late';
}

/** Records a seqNo as applied (a bounded window of recent ones is remembered). */
export function markSeq(s: TrackedSession, seqNo: number): void {
  if (s.seqNo === null || seqNo > s.seqNo) s.seqNo = seqNo;
  s.seen ??= new Set();
  s.seen.add(seqNo);
  if (s.seen.size > SEEN_WINDOW) for (const n of s.seen) if (n < s.seqNo - SEEN_WINDOW) s.seen.delete(n);
}

/** The progress a stored row stands for. */
export function progressOfRow(r: SessionRow): Progress {
  return {
    startWh: r.meter_start_wh,
    lastRegisterWh: r.last_register_wh,
    energyWh: r.energy_wh,
    lastAtMs: r.last_sample_at ? r.last_sample_at.getTime() : null,
    startedAtMs: r.started_at.getTime(),
    powerW: r.power_w,
    soc: r.soc,
    lifetimeStart: r.anomaly === LIFETIME_START,
  };
}

/** A stored session, ready to track as the row has it (without the samples recorded after its checkpoint). */
export function trackRow(r: SessionRow): TrackedSession {
  const storedAtMs = (r.progress_through ?? r.updated_at).getTime();
  return {
    id: r.id, stationId: r.station_id, transactionRef: r.transaction_ref, evseId: r.evse_id, connectorId: r.connector_id,
    idToken: r.id_token, progress: progressOfRow(r), chargingState: r.charging_state, anomaly: r.anomaly, seqNo: r.seq_no, seen: null,
    foldedAtMs: storedAtMs, storedAtMs, unsaved: false,
  };
}

/** The sessions columns a progress state sets. */
export function progressColumns(p: Progress): Pick<SessionRow, 'meter_start_wh' | 'last_register_wh' | 'energy_wh' | 'power_w' | 'soc' | 'last_sample_at'> {
  return {
    meter_start_wh: p.startWh, last_register_wh: p.lastRegisterWh, energy_wh: p.energyWh, power_w: p.powerW, soc: p.soc,
    last_sample_at: p.lastAtMs === null ? null : new Date(p.lastAtMs),
  };
}

/** A stored row with the newer progress of its tracking. */
export function withProgress(r: SessionRow, t: TrackedSession): SessionRow {
  return { ...r, ...progressColumns(t.progress) };
}


/**
 * The running sessions of each station seen by this process, loaded from the database on a station's
 * first message (e.g. after a restart) and kept current by the service afterwards. A station's
 * messages are handled one at a time, so its list is never changed concurrently by the OCPP path.
 */
export class ActiveSessions {
  private readonly byStation = new Map<string, TrackedSession[]>();
  private readonly loading = new Map<string, Promise<TrackedSession[]>>();

  /**
   * `load` reads a station's running sessions and `resume` one stored session, each brought up to date
   * with the samples recorded after its stored checkpoint.
   */
  constructor(private readonly load: (stationId: string) => Promise<TrackedSession[]>, private readonly resume: (row: SessionRow) => Promise<TrackedSession>) {}

  /** The station's running sessions (loaded once). */
  of(stationId: string): TrackedSession[] | Promise<TrackedSession[]> {
    return this.byStation.get(stationId) ?? this.loadStation(stationId);
  }

  /** The running session the station knows by `transactionRef`. */
  async byRef(stationId: string, transactionRef: string): Promise<TrackedSession | undefined> {
    return (await this.of(stationId)).find((s) => s.transactionRef === transactionRef);
  }

  /** Starts tracking a session (replacing one with the same id). */
  add(s: TrackedSession): void {
    const list = this.byStation.get(s.stationId);
    if (!list) return; // not loaded yet: the next load reads it from the database
    const i = list.findIndex((x) => x.id === s.id);
    if (i >= 0) list[i] = s;
    else list.push(s);
  }

  /** Tracks a stored active session found outside the loaded list and returns its tracking. */
  async track(row: SessionRow): Promise<TrackedSession> {
    const t = await this.resume(row);
    this.add(t);
    return t;
  }

  /** A session this process tracks (without loading anything). */
  find(stationId: string, id: number): TrackedSession | undefined {
    return this.byStation.get(stationId)?.find((s) => s.id === id);
  }

  /** Every tracked session. */
  *all(): IterableIterator<TrackedSession> {
    for (const list of this.byStation.values()) yield* list;
  }

  /** Stops tracking sessions that are over. */
  remove(stationId: string, ids: readonly number[]): void {
    const list = this.byStation.get(stationId);
    if (!list) return;
    this.byStation.set(stationId, list.filter((s) => !ids.includes(s.id)));
  }

  /**
   * Drops what is known about a station, so the next message reloads it: after a failed write, or when
   * the station's socket moves to this process from another one (its sessions may have changed there).
   */
  forget(stationId: string): void {
    this.byStation.delete(stationId);
  }

  /** How many stations are held in memory. */
  get size(): number {
    return this.byStation.size;
  }

  private loadStation(stationId: string): Promise<TrackedSession[]> {
    let p = this.loading.get(stationId);
    if (!p) {
      p = this.load(stationId)
        .then((tracked) => {
          const list = this.byStation.get(stationId) ?? tracked;
          this.byStation.set(stationId, list);
          return list;
        })
        .finally(() => this.loading.delete(stationId));
      this.loading.set(stationId, p);
    }
    return p;
  }
}
