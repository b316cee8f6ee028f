import type {
  PortUptimeView, QuarterlyPortView, SiteUptimeView, StationUptimeView, UptimeMonthView, UptimePeriodView,
} from '../../http/api-types.js';
import { csvRecord } from '../reports/index.js';
import { figures, formulaText, meanUptime, neviUptime, NEVI_YEAR_MINUTES, sumTotals } from './nevi.js';
import type { PortMonth, PortPeriod } from './uptime-service.js';
import type { PortInfo } from './ledger-repository.js';
import type { LedgerTotals } from './uptime.js';

/** The period of a list, and the formula as applied to it. */
export function periodView(from: Date, to: Date): UptimePeriodView {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  return { from: from.toISOString(), to: to.toISOString(), minutes, scaled: minutes !== NEVI_YEAR_MINUTES, formula: formulaText(minutes) };
}

/** One port's figures and outages. */
export function portView(p: PortPeriod): PortUptimeView {
  return {
    stationId: p.port.stationId, stationName: p.port.stationName, evseId: p.port.evseId, siteId: p.port.siteId, siteName: p.port.siteName,
    ...figures(p.ledger), outageCount: p.ledger.outages.length, outages: p.ledger.outages,
  };
}

function groupBy<K>(list: readonly PortPeriod[], key: (p: PortPeriod) => K): Map<K, PortPeriod[]> {
  const out = new Map<K, PortPeriod[]>();
  for (const p of list) out.set(key(p), [...(out.get(key(p)) ?? []), p]);
  return out;
}

/** Per station: its ports' totals and the mean of their uptimes. */
export function stationViews(list: readonly PortPeriod[]): StationUptimeView[] {
  return [...groupBy(list, (p) => p.port.stationId).values()].map((ports) => {
    const first = ports[0]!.port;
    const ledgers = ports.map((p) => p.ledger);
    return { stationId: first.stationId, stationName: first.stationName, siteId: first.siteId, siteName: first.siteName, ports: ports.length, ...figures(sumTotals(ledgers)), meanUptime: meanUptime(ledgers) };
  });
}

/** Per site (stations without a site together, siteId null): its ports' totals and the mean of their uptimes. */
export function siteViews(list: readonly PortPeriod[]): SiteUptimeView[] {
  return [...groupBy(list, (p) => p.port.siteId).values()].map((ports) => {
    const ledgers = ports.map((p) => p.ledger);
    return {
      siteId: ports[0]!.port.siteId, siteName: ports[0]!.port.siteName, stations: new Set(ports.map((p) => p.port.stationId)).size, ports: ports.length,
      ...figures(sumTotals(ledgers)), meanUptime: meanUptime(ledgers),
    };
  }).sort((a, b) => (a.siteName ?? '\uffff').localeCompare(b.siteName ?? '\uffff'));
}

/**
 * Months summed over ports (for a chart): each month's figures, the mean of the ports' uptimes, and µ over the
 * 12 months ending with it (needs the 11 months before the first one shown; `months` holds them too).
 */
export function monthViews(byPort: Map<string, PortMonth[]>, shown: readonly string[], months: readonly string[]): UptimeMonthView[] {
  return shown.map((month) => {
    const window = months.slice(Math.max(0, months.indexOf(month) - 11), months.indexOf(month) + 1);
    const entries = [...byPort.values()].map((list) => list.find((m) => m.month === month)).filter((m): m is PortMonth => m !== undefined);
    const year = [...byPort.values()].flatMap((list) => list.filter((m) => window.includes(m.month)).map((m) => m.ledger));
    const ledgers = entries.map((m) => m.ledger);
    return {
      month, partial: entries.some((m) => m.partial), ports: entries.length, ...figures(sumTotals(ledgers)), meanUptime: meanUptime(ledgers),
      uptime12m: year.length > 0 ? neviUptime(sumTotals(year)) : null,
    };
  });
}

/** The quarterly report of one port: µ, T_outage and T_excluded for each month of the quarter, and every outage in it. */
export function quarterlyPort(port: PortInfo, list: readonly PortMonth[], quarter: readonly string[], months: readonly string[]): QuarterlyPortView {
  const of = (month: string) => list.find((m) => m.month === month);
  return {
    stationId: port.stationId, stationName: port.stationName, evseId: port.evseId, siteId: port.siteId, siteName: port.siteName,
    months: quarter.map((month) => {
      const m = of(month);
      const window = months.slice(Math.max(0, months.indexOf(month) - 11), months.indexOf(month) + 1);
      const year: LedgerTotals[] = window.map(of).filter((x): x is PortMonth => x !== undefined).map((x) => x.ledger);
      const f = m ? figures(m.ledger) : undefined;
      return {
        month, partial: m?.partial ?? true, uptime: f?.uptime ?? null, uptime12m: year.length > 0 ? neviUptime(sumTotals(year)) : null,
        tOutage: f?.tOutage ?? 0, tExcluded: f?.tExcluded ?? 0, minutes: f?.minutes ?? 0,
      };
    }),
    outages: quarter.flatMap((month) => of(month)?.ledger.outages ?? []),
  };
}

/** The quarterly report as CSV: one line per port and month, then one line per outage. */
export function quarterlyCsv(quarter: string, items: readonly QuarterlyPortView[]): string {
  let out = csvRecord(['record', 'station_id', 'station_name', 'evse_id', 'site', 'month', 'uptime_month_percent', 'uptime_12m_percent', 't_outage_min', 't_excluded_min', 'outage_start', 'outage_end', 'outage_min', 'cause', 'excluded_reason']);
  for (const p of items) {
    const base = [p.stationId, p.stationName, p.evseId, p.siteName];
    for (const m of p.months) out += csvRecord(['month', ...base, m.month.slice(0, 7), m.uptime, m.uptime12m, m.tOutage, m.tExcluded, null, null, null, null, null]);
    for (const o of p.outages) out += csvRecord(['outage', ...base, quarter, null, null, null, null, o.start, o.end, o.minutes, o.cause, o.excludedReason]);
  }
  return out;
}
