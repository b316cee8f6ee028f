import type { Weekday } from './billing.js';

/**
 * Wall-clock time in an IANA time zone, pure (Intl only): what local weekday and minute an instant is,
 * and which instants local clock times fall on, daylight-saving changes included.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** An instant as read on a clock in the zone. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  /** Minutes since local midnight, with the fraction of the minute. */
  minute: number;
}

/** The local date, weekday and minute of the day of an instant. */
export function localTime(timeZone: string, ms: number): LocalTime {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) p[part.type] = part.value;
  const secondMs = ((ms % 60_000) + 60_000) % 60_000;
  return {
    year: Number(p.year), month: Number(p.month), day: Number(p.day), weekday: WEEKDAY_OF[p.weekday!] ?? 'mon',
    minute: Number(p.hour) * 60 + Number(p.minute) + secondMs / 60_000,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetMs(timeZone: string, ms: number): number {
  const t = localTime(timeZone, ms);
  const wholeMinute = Math.floor(t.minute);
  return Date.UTC(t.year, t.month - 1, t.day, 0, wholeMinute) - (ms - (((ms % 60_000) + 60_000) % 60_000));
}

/** The instant a local date and minute of the day fall on (in a spring-forward gap: the time after it). */
export function instantOf(timeZone: string, year: number, month: number, day: number, minute: number): number {
  const wall = Date.UTC(year, month - 1, day) + minute * 60_000;
  const first = wall - offsetMs(timeZone, wall);
  return wall - offsetMs(timeZone, first);
}

/** The instants in (fromMs, toMs) where the local clock shows one of `minutes` (minutes of the day, 0–1440). */
export function localBoundaries(timeZone: string, minutes: readonly number[], fromMs: number, toMs: number): number[] {
  if (toMs <= fromMs || minutes.length === 0) return [];
  const a = localTime(timeZone, fromMs);
  const lastDay = Date.UTC(...ymd(localTime(timeZone, toMs))) + DAY_MS;
  const out = new Set<number>();
  for (let day = Date.UTC(a.year, a.month - 1, a.day) - DAY_MS; day <= lastDay; day += DAY_MS) {
    const d = new Date(day);
    for (const m of minutes) {
      const at = instantOf(timeZone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), m);
      if (at > fromMs && at < toMs) out.add(at);
    }
  }
  return [...out].sort((x, y) => x - y);
}

function ymd(t: LocalTime): [number, number, number] {
  return [t.year, t.month - 1, t.day];
}
