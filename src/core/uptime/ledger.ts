import { IntervalSet } from './interval-set.js';
import { EXCLUSION_REASONS, type ExclusionReason, type Outage, type OutageCause, type PortLedger } from './uptime.js';

const MINUTE = 60_000;

/** A status over time: the one in force before the period, then each change (any order). */
export interface StatusTrack {
  initial: string | null;
  changes: Array<{ atMs: number; status: string }>;
}

/** Everything known about one port over a period, in ms since the epoch. */
export interface LedgerInput {
  /** The period [fromMs, toMs), whole minutes. */
  fromMs: number;
  toMs: number;
  /** When the port first reported a status; null: it never did (no minutes in service). */
  inServiceFromMs: number | null;
  /** The port's connectors (a 2.0.1 EVSE may have several; the port is down only when all are). */
  connectors: StatusTrack[];
  /** The station as a whole (evse 0): Faulted or Unavailable takes every port down. */
  station: StatusTrack;
  /** Intervals the station was connected. */
  online: Array<[number, number]>;
  /** Maintenance windows covering the port (its own and the station's). */
  maintenance: Array<[number, number]>;
  exclusions: Array<{ fromMs: number; toMs: number; reason: ExclusionReason }>;
  /** Intervals after a failed start (empty unless the settings count failed starts; derived-downtime.ts). */
  failedStarts: Array<[number, number]>;
  /** Charging intervals of under-powered sessions (empty unless the settings count under-power). */
  underPower: Array<[number, number]>;
  /** Open intervals from the site's opening hours; null: always open. */
  open: Array<[number, number]> | null;
}

const DOWN_STATUSES = new Set(['Faulted', 'Unavailable']);

/**
 * Each minute takes the state in force at its middle: a change at 10:00:30 counts from 10:00, one at
 * 10:00:31 from 10:01. So every minute has exactly one class and the classes add up to the period.
 */
export function minuteOf(ms: number): number {
  return Math.ceil((ms - MINUTE / 2) / MINUTE) * MINUTE;
}

class Track {
  private readonly at: number[];
  private readonly status: string[];
  constructor(private readonly t: StatusTrack) {
    const sorted = t.changes.map((c) => ({ at: minuteOf(c.atMs), status: c.status })).sort((a, b) => a.at - b.at);
    this.at = sorted.map((c) => c.at);
    this.status = sorted.map((c) => c.status);
  }
  /** The status in force at t (the last change at or before it; changes at the same minute: the last one). */
  statusAt(t: number): string | null {
    let lo = 0;
    let hi = this.at.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! <= t) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 ? this.status[hi]! : this.t.initial;
  }
  edges(): number[] {
    return this.at;
  }
}

const quantized = (list: Array<readonly [number, number]>): Array<[number, number]> => list.map(([a, b]) => [minuteOf(a), minuteOf(b)]);

/** What decides a minute's cause besides maintenance and opening hours. */
interface Conditions {
  online: IntervalSet;
  station: Track;
  connectors: Track[];
  failedStarts: IntervalSet;
  underPower: IntervalSet;
}

/** Why the port is down at t, worst cause first, or null when it is up (maintenance and opening hours are decided before). */
function downCause(t: number, c: Conditions): OutageCause | null {
  if (!c.online.contains(t)) return 'offline';
  const s = c.station.statusAt(t);
  if (s === 'Faulted') return 'station_faulted';
  if (s === 'Unavailable') return 'station_unavailable';
  const statuses = c.connectors.map((x) => x.statusAt(t));
  if (statuses.length > 0 && statuses.every((x) => x !== null && DOWN_STATUSES.has(x))) return statuses.includes('Faulted') ? 'faulted' : 'unavailable';
  if (c.failedStarts.contains(t)) return 'failed_start';
  if (c.underPower.contains(t)) return 'under_power';
  return null;
}

/**
 * Classifies every minute of a port's period: outside opening hours; in a maintenance window (an excluded
 * outage, `scheduled_maintenance`); down (offline, station or all connectors Faulted/Unavailable, and, as the
 * settings say, after a failed start or while under-powered), which an
 * exclusion covering it turns into excluded with its reason; otherwise up. An exclusion over minutes the port
 * was up changes nothing: only outage the port would otherwise not have had is excluded (23 CFR 680.116(b)(3)).
 */
export function computeLedger(input: LedgerInput): PortLedger {
  const ledger: PortLedger = { minutes: 0, up: 0, down: 0, excluded: 0, excludedByReason: {}, outsideHours: 0, outages: [] };
  if (input.inServiceFromMs === null) return ledger;
  const start = Math.max(input.fromMs, minuteOf(input.inServiceFromMs));
  const end = input.toMs;
  if (end <= start) return ledger;
  const online = new IntervalSet(quantized(input.online));
  const maintenance = new IntervalSet(quantized(input.maintenance));
  const open = input.open === null ? null : new IntervalSet(quantized(input.open));
  const exclusions = EXCLUSION_REASONS.map((reason) => ({
    reason, set: new IntervalSet(quantized(input.exclusions.filter((e) => e.reason === reason).map((e) => [e.fromMs, e.toMs] as const))),
  }));
  const station = new Track(input.station);
  const connectors = input.connectors.map((c) => new Track(c));
  const conditions: Conditions = {
    online, station, connectors, failedStarts: new IntervalSet(quantized(input.failedStarts)), underPower: new IntervalSet(quantized(input.underPower)),
  };

  const cuts = new Set<number>([start, end]);
  const add = (ts: number[]) => {
    for (const t of ts) if (t > start && t < end) cuts.add(t);
  };
  add(online.edges());
  add(maintenance.edges());
  if (open) add(open.edges());
  for (const e of exclusions) add(e.set.edges());
  add(station.edges());
  for (const c of connectors) add(c.edges());
  add(conditions.failedStarts.edges());
  add(conditions.underPower.edges());
  const points = [...cuts].sort((a, b) => a - b);

  let last: Outage | undefined;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const minutes = (points[i + 1]! - a) / MINUTE;
    ledger.minutes += minutes;
    if (open && !open.contains(a)) {
      ledger.outsideHours += minutes;
      last = undefined;
      continue;
    }
    let cause: OutageCause | null;
    let reason: ExclusionReason | null = null;
    if (maintenance.contains(a)) {
      cause = 'maintenance';
      reason = 'scheduled_maintenance';
    } else {
      cause = downCause(a, conditions);
      if (cause) reason = exclusions.find((e) => e.set.contains(a))?.reason ?? null;
    }
    if (!cause) {
      ledger.up += minutes;
      last = undefined;
      continue;
    }
    if (reason) {
      ledger.excluded += minutes;
      ledger.excludedByReason[reason] = (ledger.excludedByReason[reason] ?? 0) + minutes;
    } else ledger.down += minutes;
    if (last && last.cause === cause && last.excludedReason === reason) {
      last.minutes += minutes;
      last.end = new Date(a + minutes * MINUTE).toISOString();
    } else {
      last = { start: new Date(a).toISOString(), end: new Date(a + minutes * MINUTE).toISOString(), minutes, cause, excludedReason: reason };
      ledger.outages.push(last);
    }
  }
  return ledger;
}
