import { ValidationError } from '../shared/app-error.js';
import { failedStartIntervals, underPowerIntervals, type FailedStart, type PortSession } from './derived-downtime.js';
import { loadFailedStarts, loadPortSessions } from './downtime-repository.js';
import { computeLedger, type LedgerInput } from './ledger.js';
import { listPorts, loadHistories, readMonthly, trackKey, writeMonthly, type MonthlyRow, type PortInfo, type StationHistories } from './ledger-repository.js';
import { neviUptime, sumTotals } from './nevi.js';
import { monthStart, openIntervals } from './opening-hours.js';
import { DEFAULT_UPTIME_SETTINGS, type LedgerTotals, type Outage, type PortLedger, type UptimeDeps, type UptimeSettings } from './uptime.js';

const MINUTE = 60_000;

/** Which ports: one station's, some stations', one site's, or the whole network's. */
export interface PortFilter {
  stationId?: string;
  stationIds?: readonly string[];
  siteId?: string;
}

/** The stored histories and, as the settings ask, the failed starts and sessions of each port (`station:evse`). */
interface PortHistories extends StationHistories {
  failedStarts: Map<string, FailedStart[]>;
  sessions: Map<string, PortSession[]>;
}

/** A port and its ledger over a period. */
export interface PortPeriod {
  port: PortInfo;
  ledger: PortLedger;
}

/** One calendar month (in the site's time zone) of a port; `partial` for the month under way. */
export interface PortMonth {
  month: string;
  from: string;
  to: string;
  partial: boolean;
  ledger: PortLedger;
}

const portKey = (p: { stationId: string; evseId: number }): string => `${p.stationId}:${p.evseId}`;

/** `YYYY-MM-01` of the month `add` months after the UTC month of `ms`. */
export function monthKey(ms: number, add = 0): string {
  const d = new Date(ms);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + add;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The three month keys of a quarter such as `2026-Q3`. */
export function quarterMonths(quarter: string): string[] {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new ValidationError('a quarter is written like 2026-Q3', { quarter });
  const first = Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1);
  return [0, 1, 2].map((i) => monthKey(first, i));
}

function portInput(port: PortInfo, h: PortHistories, connectorKeys: Map<string, string[]>, fromMs: number, toMs: number, settings: UptimeSettings): LedgerInput {
  const trackOf = (connectorId: number) => h.tracks.get(trackKey(port.stationId, port.evseId, connectorId));
  return {
    fromMs, toMs,
    inServiceFromMs: h.inService.get(portKey(port)) ?? null,
    connectors: (connectorKeys.get(portKey(port)) ?? []).map((k) => h.tracks.get(k)!),
    station: h.tracks.get(trackKey(port.stationId, 0, 0)) ?? { initial: null, changes: [] },
    online: h.online.get(port.stationId) ?? [],
    maintenance: (h.maintenance.get(port.stationId) ?? []).filter((w) => w.evseId === null || w.evseId === port.evseId).map((w) => [w.fromMs, w.toMs]),
    exclusions: h.exclusions.filter((e) => (e.siteId !== null && e.siteId === port.siteId) || (e.stationId === port.stationId && (e.evseId === null || e.evseId === port.evseId))),
    open: openIntervals(port.openingHours, port.timeZone, fromMs, toMs),
    failedStarts: failedStartIntervals(h.failedStarts.get(portKey(port)) ?? [], settings.failedStartDownMin),
    underPower: underPowerIntervals(h.sessions.get(portKey(port)) ?? [], trackOf, settings.underPowerW),
  };
}

/** The connector tracks of each port (`station:evse` → track keys). */
function connectorsByPort(h: StationHistories): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key of h.tracks.keys()) {
    const c = key.lastIndexOf(':');
    const e = key.lastIndexOf(':', c - 1);
    if (key.slice(e + 1, c) === '0') continue;
    const k = key.slice(0, c);
    out.set(k, [...(out.get(k) ?? []), key]);
  }
  return out;
}

/**
 * The uptime ledger: per port and period from the stored histories (status, connections, maintenance windows,
 * exclusions, opening hours), and per calendar month, stored once a month is over (by a timer, or when asked).
 */
export class UptimeService {
  private timer: NodeJS.Timeout | undefined;
  private readonly settings: UptimeSettings;

  constructor(private readonly deps: UptimeDeps & { monthTimerMs?: number; settings?: UptimeSettings }) {
    this.settings = deps.settings ?? DEFAULT_UPTIME_SETTINGS;
  }

  /** Stores the closed months not stored yet, now and then every hour. */
  start(): void {
    const run = () => this.closeMonths().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'uptime months failed'));
    run();
    this.timer = setInterval(run, this.deps.monthTimerMs ?? 3_600_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The ports of a station, a site or the network, with their site's time zone and opening hours. */
  ports(filter: PortFilter): Promise<PortInfo[]> {
    return listPorts(this.deps.db, filter);
  }

  /** Every port's ledger over [from, to) (whole minutes; the future is not counted). */
  async ledgers(filter: PortFilter, from: Date, to: Date): Promise<PortPeriod[]> {
    const nowMs = Math.floor(this.deps.clock.nowMs() / MINUTE) * MINUTE;
    const fromMs = Math.floor(from.getTime() / MINUTE) * MINUTE;
    const toMs = Math.min(Math.floor(to.getTime() / MINUTE) * MINUTE, nowMs);
    if (toMs < fromMs) throw new ValidationError('the period ends before it starts');
    const ports = await this.ports(filter);
    const h = await this.histories(ports, fromMs, toMs);
    const keys = connectorsByPort(h);
    return ports.map((port) => ({ port, ledger: computeLedger(portInput(port, h, keys, fromMs, toMs, this.settings)) }));
  }

  /** Each station's NEVI uptime over [from, to), from its ports' summed minutes; null for a station without minutes in service. */
  async stationUptimes(stationIds: readonly string[], from: Date, to: Date): Promise<Map<string, number | null>> {
    const byStation = new Map<string, LedgerTotals[]>();
    for (const p of await this.ledgers({ stationIds }, from, to)) byStation.set(p.port.stationId, [...(byStation.get(p.port.stationId) ?? []), p.ledger]);
    return new Map(stationIds.map((id) => [id, neviUptime(sumTotals(byStation.get(id) ?? []))]));
  }

  /**
   * Months of each port (keys `YYYY-MM-01`, calendar months in the site's time zone): stored rows where there
   * are, computed otherwise; a closed month computed here is stored, the month under way is not.
   */
  async months(ports: PortInfo[], months: string[]): Promise<Map<string, PortMonth[]>> {
    const nowMs = Math.floor(this.deps.clock.nowMs() / MINUTE) * MINUTE;
    const stored = new Map<string, MonthlyRow>();
    for (const r of await readMonthly(this.deps.db, [...new Set(ports.map((p) => p.stationId))], months)) stored.set(`${portKey(r)}:${r.month}`, r);
    const out = new Map<string, PortMonth[]>();
    const missing: Array<{ port: PortInfo; month: string; fromMs: number; toMs: number }> = [];
    for (const port of ports) {
      const list: PortMonth[] = [];
      out.set(portKey(port), list);
      for (const month of months) {
        const fromMs = monthStart(port.timeZone, Date.parse(`${month}T12:00:00Z`)).ms;
        const endMs = monthStart(port.timeZone, Date.parse(`${month}T12:00:00Z`), 1).ms;
        if (fromMs >= nowMs) continue;
        const row = stored.get(`${portKey(port)}:${month}`);
        if (row) list.push({ month, from: row.periodStart.toISOString(), to: row.periodEnd.toISOString(), partial: false, ledger: { ...row, outages: row.outages as Outage[] } });
        else missing.push({ port, month, fromMs, toMs: Math.min(endMs, nowMs) });
      }
    }
    if (missing.length === 0) return out;
    const h = await this.histories(missing.map((m) => m.port), Math.min(...missing.map((m) => m.fromMs)), Math.max(...missing.map((m) => m.toMs)));
    const keys = connectorsByPort(h);
    const closed: MonthlyRow[] = [];
    for (const m of missing) {
      const ledger = computeLedger(portInput(m.port, h, keys, m.fromMs, m.toMs, this.settings));
      const endMs = monthStart(m.port.timeZone, m.fromMs + 15 * 86_400_000, 1).ms;
      const partial = m.toMs < endMs;
      out.get(portKey(m.port))!.push({ month: m.month, from: new Date(m.fromMs).toISOString(), to: new Date(m.toMs).toISOString(), partial, ledger });
      if (!partial) closed.push({ stationId: m.port.stationId, evseId: m.port.evseId, month: m.month, periodStart: new Date(m.fromMs), periodEnd: new Date(m.toMs), ...ledger });
    }
    await writeMonthly(this.deps.db, closed, this.deps.clock.now());
    for (const list of out.values()) list.sort((a, b) => a.month.localeCompare(b.month));
    return out;
  }

  /** Computes and stores every port's closed months of the last year that are not stored yet. */
  async closeMonths(): Promise<void> {
    const now = this.deps.clock.nowMs();
    await this.months(await this.ports({}), Array.from({ length: 12 }, (_, i) => monthKey(now, i - 12)));
  }

  private async histories(ports: PortInfo[], fromMs: number, toMs: number): Promise<PortHistories> {
    const { db, clock } = this.deps;
    const { failedStartDownMin, underPowerW } = this.settings;
    const stationIds = [...new Set(ports.map((p) => p.stationId))];
    const siteIds = [...new Set(ports.map((p) => p.siteId).filter((s): s is string => s !== null))];
    const now = clock.now();
    const [failedStarts, sessions] = await Promise.all([
      // A failed start shortly before the period still counts in it.
      failedStartDownMin > 0 ? loadFailedStarts(db, stationIds, new Date(fromMs - failedStartDownMin * MINUTE), new Date(toMs), this.settings.quickStopS()) : new Map<string, FailedStart[]>(),
      underPowerW > 0 ? loadPortSessions(db, stationIds, new Date(fromMs), new Date(toMs), now) : new Map<string, PortSession[]>(),
    ]);
    // A session's mean power is over all its Charging minutes: the status history goes back to its start.
    let historyFromMs = fromMs;
    for (const list of sessions.values()) for (const x of list) historyFromMs = Math.min(historyFromMs, x.fromMs);
    return { ...(await loadHistories(db, stationIds, siteIds, new Date(historyFromMs), new Date(toMs), now)), failedStarts, sessions };
  }
}
