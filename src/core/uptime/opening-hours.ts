import { instantOf, localTime } from '../billing/index.js';
import type { OpeningHours } from '../sites/index.js';

const DAY_MS = 86_400_000;
const WEEKDAY_BY_UTC_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const minuteOfDay = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The intervals a site is open within [fromMs, toMs), from its per-weekday local HH:MM ranges in its time
 * zone (daylight-saving changes included: a local hour that does not exist is not open). An empty table
 * means always open (null); once a table is given, a weekday missing from it or with no ranges is closed.
 */
export function openIntervals(hours: OpeningHours, timeZone: string, fromMs: number, toMs: number): Array<[number, number]> | null {
  if (Object.keys(hours).length === 0) return null;
  const out: Array<[number, number]> = [];
  const first = localTime(timeZone, fromMs);
  const last = localTime(timeZone, toMs);
  const lastDay = Date.UTC(last.year, last.month - 1, last.day) + DAY_MS;
  for (let day = Date.UTC(first.year, first.month - 1, first.day) - DAY_MS; day <= lastDay; day += DAY_MS) {
    const d = new Date(day);
    const ranges = hours[WEEKDAY_BY_UTC_DAY[d.getUTCDay()]!] ?? [];
    for (const [from, to] of ranges) {
      const a = instantOf(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), minuteOfDay(from));
      const b = instantOf(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), minuteOfDay(to));
      if (b > fromMs && a < toMs && b > a) out.push([Math.max(a, fromMs), Math.min(b, toMs)]);
    }
  }
  return out;
}

/** The first instant of the calendar month of `ms` in a time zone, and of the months `add` later (negative: earlier). */
export function monthStart(timeZone: string, ms: number, add = 0): { ms: number; month: string } {
  const t = localTime(timeZone, ms);
  const index = t.year * 12 + (t.month - 1) + add;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { ms: instantOf(timeZone, year, month, 1, 0), month: `${year}-${String(month).padStart(2, '0')}-01` };
}
