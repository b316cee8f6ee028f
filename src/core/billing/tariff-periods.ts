import type { TariffComponents, TariffPrices } from './billing.js';
import { localBoundaries, localTime } from './local-time.js';

/** A stretch of time over which one set of prices applies. */
export interface PricedSpan {
  fromMs: number;
  toMs: number;
  prices: TariffPrices;
}

/** "HH:MM" (or 24:00) as minutes of the day. */
export function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** The prices in force at an instant: the base prices, overridden by the first time-of-day variant that matches. */
export function pricesAt(c: TariffComponents, timeZone: string, ms: number): TariffPrices {
  const base: TariffPrices = { energyPerKwh: c.energyPerKwh, chargingPerMinute: c.chargingPerMinute, idlePerMinute: c.idlePerMinute };
  if (c.periods.length === 0) return base;
  const t = localTime(timeZone, ms);
  for (const p of c.periods) {
    if (p.days.length > 0 && !p.days.includes(t.weekday)) continue;
    if (t.minute < minuteOfDay(p.from) || t.minute >= minuteOfDay(p.to)) continue;
    return {
      energyPerKwh: p.energyPerKwh ?? base.energyPerKwh,
      chargingPerMinute: p.chargingPerMinute ?? base.chargingPerMinute,
      idlePerMinute: p.idlePerMinute ?? base.idlePerMinute,
    };
  }
  return base;
}

/**
 * Splits [fromMs, toMs) where prices may change: at every variant's start and end and at local midnight
 * (the weekday changes), in the site's time zone. Each span is priced at its midpoint, which lies strictly
 * inside it, so an instant on a boundary belongs to the span it starts. An empty stretch gives one span
 * priced at its instant.
 */
export function pricedSpans(c: TariffComponents, timeZone: string, fromMs: number, toMs: number): PricedSpan[] {
  if (toMs <= fromMs) return [{ fromMs, toMs: fromMs, prices: pricesAt(c, timeZone, fromMs) }];
  if (c.periods.length === 0) return [{ fromMs, toMs, prices: pricesAt(c, timeZone, fromMs) }];
  const minutes = new Set<number>([0]);
  for (const p of c.periods) {
    minutes.add(minuteOfDay(p.from));
    minutes.add(minuteOfDay(p.to) % 1440);
  }
  const cuts = [fromMs, ...localBoundaries(timeZone, [...minutes], fromMs, toMs), toMs];
  const spans: PricedSpan[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    spans.push({ fromMs: a, toMs: b, prices: pricesAt(c, timeZone, a + (b - a) / 2) });
  }
  return spans;
}
