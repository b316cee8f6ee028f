import type { ExclusionReason, LedgerTotals } from './uptime.js';

/** Minutes in 365 days: the NEVI formula's year. */
export const NEVI_YEAR_MINUTES = 525_600;

/** The formula as the API states it, with the period's minutes when they are not a 365-day year. */
export function formulaText(periodMinutes: number): string {
  const p = periodMinutes === NEVI_YEAR_MINUTES ? '525,600' : `P`;
  const scaled = periodMinutes === NEVI_YEAR_MINUTES ? '' : ` with P = the port's minutes in the period (${periodMinutes.toLocaleString('en-US')} for the whole period), the 23 CFR 680.116(b) year of 525,600 minutes scaled to the period`;
  return `µ = ((${p} − (T_outage − T_excluded)) / ${p}) × 100${scaled}; T_outage counts outage minutes within opening hours, T_excluded those excluded with a reason`;
}

/**
 * Port uptime µ = ((P − (T_outage − T_excluded)) / P) × 100 (23 CFR 680.116(b)), P the minutes the port was in
 * service in the period (525,600 for a 365-day year). T_outage − T_excluded is the outage that counts. Null
 * for a port with no minutes.
 */
export function neviUptime(t: Pick<LedgerTotals, 'minutes' | 'down'>): number | null {
  if (t.minutes <= 0) return null;
  return Math.round(((t.minutes - t.down) / t.minutes) * 100 * 1000) / 1000;
}

/** The figures the API shows for ledger totals. */
export interface UptimeFigures {
  minutes: number;
  upMinutes: number;
  downMinutes: number;
  /** All outage minutes within opening hours, excluded ones included. */
  tOutage: number;
  tExcluded: number;
  outsideHoursMinutes: number;
  excludedByReason: Partial<Record<ExclusionReason, number>>;
  uptime: number | null;
}

/** Totals → API figures. */
export function figures(t: LedgerTotals): UptimeFigures {
  return {
    minutes: t.minutes, upMinutes: t.up, downMinutes: t.down, tOutage: t.down + t.excluded, tExcluded: t.excluded,
    outsideHoursMinutes: t.outsideHours, excludedByReason: { ...t.excludedByReason }, uptime: neviUptime(t),
  };
}

/** Sums ledgers (a station's or a site's ports, or months of one port). */
export function sumTotals(list: readonly LedgerTotals[]): LedgerTotals {
  const out: LedgerTotals = { minutes: 0, up: 0, down: 0, excluded: 0, excludedByReason: {}, outsideHours: 0 };
  for (const t of list) {
    out.minutes += t.minutes;
    out.up += t.up;
    out.down += t.down;
    out.excluded += t.excluded;
    out.outsideHours += t.outsideHours;
    for (const [reason, m] of Object.entries(t.excludedByReason) as Array<[ExclusionReason, number]>) out.excludedByReason[reason] = (out.excludedByReason[reason] ?? 0) + m;
  }
  return out;
}

/** The mean of the ports' uptimes (ports without minutes left out); null when none has any. */
export function meanUptime(list: readonly LedgerTotals[]): number | null {
  const values = list.map(neviUptime).filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
}
