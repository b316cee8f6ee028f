import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TariffComponents, TariffPeriod } from './billing.js';
import { priceSession, type PricingTerms, type Usage, type UsagePoint } from './tariff-pricing.js';

const MIN = 60_000;
const base: TariffComponents = { energyPerKwh: 0, chargingPerMinute: 0, idlePerMinute: 0, sessionFee: 0, idleGraceMinutes: 0, minPrice: null, maxPrice: null, periods: [] };
const terms = (c: Partial<TariffComponents>, more: Partial<PricingTerms> = {}): PricingTerms => ({ currency: 'EUR', vatPercent: 0, timezone: 'UTC', components: { ...base, ...c }, ...more });
const T0 = Date.parse('2026-01-05T10:00:00Z'); // a Monday
/** A session charging at a constant power for `chargeMin`, then plugged in for `idleMin`, one reading a minute. */
function constant(powerW: number, chargeMin: number, idleMin = 0, start = T0): Usage {
  const points: UsagePoint[] = [];
  for (let m = 1; m <= chargeMin; m++) points.push({ atMs: start + m * MIN, energyWh: (powerW * m) / 60 });
  const energyWh = (powerW * chargeMin) / 60;
  for (let m = 1; m <= idleMin; m++) points.push({ atMs: start + (chargeMin + m) * MIN, energyWh });
  return { startMs: start, endMs: start + (chargeMin + idleMin) * MIN, points, energyWh };
}
const line = (cost: ReturnType<typeof priceSession>, component: string) => cost.lines.find((l) => l.component === component);

describe('priceSession', () => {
  it('prices energy, time and the session fee, then VAT on the net', () => {
    const cost = priceSession(terms({ energyPerKwh: 0.3, chargingPerMinute: 0.02, sessionFee: 1 }, { vatPercent: 19 }), constant(10_000, 60));
    expect(line(cost, 'energy')).toMatchObject({ quantity: 10, unit: 'kWh', amountMinor: 300 });
    expect(line(cost, 'charging_time')).toMatchObject({ quantity: 60, unit: 'min', amountMinor: 120 });
    expect(line(cost, 'session_fee')?.amountMinor).toBe(100);
    expect(cost).toMatchObject({ netMinor: 520, vatMinor: 99, totalMinor: 619, decimals: 2 });
  });

  it('rounds each component half-up once, and VAT once on the net', () => {
    // 0.1 kWh × 0.15 = 1.5 cents exactly (binary floating point gives 1.4999…): half-up makes 2
    const cost = priceSession(terms({ energyPerKwh: 0.15 }, { vatPercent: 19 }), { startMs: T0, endMs: T0 + MIN, points: [], energyWh: 100 });
    expect(cost.netMinor).toBe(2);
    // net 1.05 × 19 % = 0.1995 → 0.20
    const vat = priceSession(terms({ sessionFee: 1.05 }, { vatPercent: 19 }), { startMs: T0, endMs: T0 + MIN, points: [], energyWh: 0 });
    expect(vat).toMatchObject({ netMinor: 105, vatMinor: 20, totalMinor: 125 });
    // 0.4 kWh at 0.0125 = 0.5 cent → 1; 0.2 kWh → 0.25 cent → 0
    expect(priceSession(terms({ energyPerKwh: 0.0125 }), { startMs: T0, endMs: T0 + MIN, points: [], energyWh: 400 }).netMinor).toBe(1);
    expect(priceSession(terms({ energyPerKwh: 0.0125 }), { startMs: T0, endMs: T0 + MIN, points: [], energyWh: 200 }).netMinor).toBe(0);
  });

  it('uses the minor unit of the currency', () => {
    const cost = priceSession(terms({ energyPerKwh: 45.5 }, { currency: 'JPY' }), { startMs: T0, endMs: T0 + MIN, points: [], energyWh: 1_000 });
    expect(cost).toMatchObject({ decimals: 0, netMinor: 46 });
  });

  it('charges idle time only after the session charged and the grace period passed', () => {
    const c = terms({ idlePerMinute: 0.1, idleGraceMinutes: 15 });
    const idleFirst: Usage = { startMs: T0, endMs: T0 + 90 * MIN, points: [{ atMs: T0 + 30 * MIN, energyWh: 0 }, { atMs: T0 + 60 * MIN, energyWh: 5_000 }], energyWh: 5_000 };
    // 30 min waiting (free), 30 min charging, 30 min idle of which 15 are grace
    expect(line(priceSession(c, idleFirst), 'idle_time')).toMatchObject({ quantity: 15, amountMinor: 150 });
    expect(line(priceSession(c, constant(7_000, 20, 10)), 'idle_time')).toMatchObject({ quantity: 0, amountMinor: 0 });
    expect(line(priceSession(c, constant(7_000, 20, 40)), 'idle_time')).toMatchObject({ quantity: 25, amountMinor: 250 });
  });

  it('counts the time since the last reading as charging while energy still flows', () => {
    const u: Usage = { startMs: T0, endMs: T0 + 10 * MIN, points: [{ atMs: T0 + 5 * MIN, energyWh: 1_000 }], energyWh: 1_000 };
    const c = terms({ chargingPerMinute: 0.1, idlePerMinute: 1 });
    expect(line(priceSession(c, { ...u, chargingAtEnd: true }), 'charging_time')?.quantity).toBe(10);
    expect(line(priceSession(c, u), 'idle_time')?.quantity).toBe(5);
  });

  it('raises the net to the minimum and caps it at the maximum, before VAT', () => {
    const small = priceSession(terms({ energyPerKwh: 0.3, minPrice: 2 }, { vatPercent: 10 }), constant(6_000, 10));
    expect(line(small, 'minimum_price')?.amountMinor).toBe(170);
    expect(small).toMatchObject({ netMinor: 200, vatMinor: 20, totalMinor: 220 });
    const big = priceSession(terms({ energyPerKwh: 0.3, maxPrice: 5 }, { vatPercent: 10 }), constant(22_000, 120));
    expect(line(big, 'maximum_price')?.amountMinor).toBe(500 - 1320);
    expect(big).toMatchObject({ netMinor: 500, totalMinor: 550 });
  });

  it('pays each part of a session crossing a time-of-day boundary at its own price, in the site time zone', () => {
    const evening: TariffPeriod = { days: [], from: '18:00', to: '24:00', energyPerKwh: 0.5 };
    // 17:00–19:00 in Berlin (UTC+1 in January) at a constant 10 kW, with no reading in between
    const start = Date.parse('2026-01-05T16:00:00Z');
    const u: Usage = { startMs: start, endMs: start + 120 * MIN, points: [], energyWh: 20_000 };
    const cost = priceSession(terms({ energyPerKwh: 0.3, periods: [evening] }, { timezone: 'Europe/Berlin' }), u);
    expect(line(cost, 'energy')).toMatchObject({ amountMinor: 800, parts: [{ quantity: 10, unitPrice: 0.3 }, { quantity: 10, unitPrice: 0.5 }] });
    // the same instants read in UTC are 16:00–18:00: all at the base price
    expect(priceSession(terms({ energyPerKwh: 0.3, periods: [evening] }), u).netMinor).toBe(600);
  });

  it('applies weekday variants by the local day, and counts real minutes across a daylight-saving change', () => {
    const weekend: TariffPeriod = { days: ['sat', 'sun'], from: '00:00', to: '24:00', energyPerKwh: 0.2 };
    const fridayEvening = Date.parse('2026-01-09T22:00:00Z'); // Fri 23:00 in Berlin
    const cost = priceSession(terms({ energyPerKwh: 0.4, periods: [weekend] }, { timezone: 'Europe/Berlin' }), { startMs: fridayEvening, endMs: fridayEvening + 120 * MIN, points: [], energyWh: 2_000 });
    expect(line(cost, 'energy')?.parts).toEqual([{ quantity: 1, unitPrice: 0.4 }, { quantity: 1, unitPrice: 0.2 }]);
    // 2026-03-29 in Berlin: 00:00 CET to 06:00 CEST is 5 real hours; 03:00–04:00 CEST costs double
    const night = Date.parse('2026-03-28T23:00:00Z');
    const dst = priceSession(terms({ chargingPerMinute: 0.01, periods: [{ days: [], from: '03:00', to: '04:00', chargingPerMinute: 0.02 }] }, { timezone: 'Europe/Berlin' }), { startMs: night, endMs: night + 300 * MIN, points: [], energyWh: 10_000 });
    expect(line(dst, 'charging_time')).toMatchObject({ quantity: 300, amountMinor: 360 });
  });
});

// ---- properties --------------------------------------------------------------------------------------

const price = fc.integer({ min: 0, max: 20_000 }).map((n) => n / 10_000);
const components = fc.record({
  energyPerKwh: price, chargingPerMinute: price, idlePerMinute: price, sessionFee: price, idleGraceMinutes: fc.integer({ min: 0, max: 60 }),
  minPrice: fc.option(fc.integer({ min: 0, max: 500 }).map((n) => n / 100), { nil: null }),
  maxPrice: fc.option(fc.integer({ min: 500, max: 5_000 }).map((n) => n / 100), { nil: null }),
  periods: fc.array(fc.record({
    days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [...d]),
    from: fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:00`),
    energyPerKwh: price, idlePerMinute: price,
  }).map((p) => ({ ...p, to: '24:00' })), { maxLength: 3 }),
});
const pricingTerms = fc.record({ components, vatPercent: fc.integer({ min: 0, max: 30 }), timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York') })
  .map((t): PricingTerms => ({ ...t, currency: 'EUR' }));
/** A session as minutes of charging (energy per minute) and idling, read at irregular instants. */
const usage = fc.record({
  start: fc.integer({ min: 0, max: 400 * 24 * 60 }).map((m) => Date.parse('2026-01-01T00:00:00Z') + m * MIN),
  steps: fc.array(fc.record({ minutes: fc.integer({ min: 1, max: 90 }), wh: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })) }), { minLength: 1, maxLength: 12 }),
}).map(({ start, steps }): Usage => {
  let at = start;
  let wh = 0;
  const points = steps.map((s) => ({ atMs: (at += s.minutes * MIN), energyWh: (wh += s.wh) }));
  return { startMs: start, endMs: at, points, energyWh: wh };
});

describe('pricing properties', () => {
  it('is never negative, its lines add up to the net, and total = net + VAT', () => {
    fc.assert(fc.property(pricingTerms, usage, (t, u) => {
      const cost = priceSession(t, u);
      expect(cost.netMinor).toBeGreaterThanOrEqual(0);
      expect(cost.vatMinor).toBeGreaterThanOrEqual(0);
      expect(cost.lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(cost.netMinor);
      expect(cost.totalMinor).toBe(cost.netMinor + cost.vatMinor);
      for (const l of cost.lines) expect(Number.isInteger(l.amountMinor)).toBe(true);
    }));
  });

  it('never costs less with more energy or more time', () => {
    fc.assert(fc.property(pricingTerms, usage, fc.integer({ min: 100, max: 300 }), fc.integer({ min: 0, max: 600 }), (t, u, percent, extraMin) => {
      const cost = priceSession(t, u).totalMinor;
      const k = percent / 100;
      expect(priceSession(t, { ...u, energyWh: u.energyWh * k, points: u.points.map((p) => ({ ...p, energyWh: p.energyWh * k })) }).totalMinor).toBeGreaterThanOrEqual(cost);
      expect(priceSession(t, { ...u, endMs: u.endMs + extraMin * MIN }).totalMinor).toBeGreaterThanOrEqual(cost);
    }));
  });

  it('does not depend on how readings are batched: extra readings on the same curve change nothing', () => {
    fc.assert(fc.property(pricingTerms, usage, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 10 }), (t, u, cuts) => {
      const all = [{ atMs: u.startMs, energyWh: 0 }, ...u.points];
      const extra = cuts.map((c) => {
        const i = Math.min(all.length - 2, Math.floor(c * (all.length - 1)));
        const a = all[i]!;
        const b = all[i + 1]!;
        const at = a.atMs + Math.round((b.atMs - a.atMs) / 2 / MIN) * MIN;
        return { atMs: at, energyWh: a.energyWh + ((b.energyWh - a.energyWh) * (at - a.atMs)) / (b.atMs - a.atMs) };
      });
      const batched = { ...u, points: [...u.points, ...extra].reverse() };
      expect(priceSession(t, batched)).toEqual(priceSession(t, u));
    }));
  });

  it('splits at time-of-day and weekday boundaries exactly (checked minute by minute)', () => {
    // Etc/GMT-2 is UTC+2 all year, so local minutes can be checked without time zone code
    const period = fc.record({ days: fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [...d]), fromH: fc.integer({ min: 0, max: 22 }), len: fc.integer({ min: 1, max: 24 }) });
    fc.assert(fc.property(period, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 3 * 1440 }), fc.integer({ min: 1, max: 200 }), (p, startMin, minutes, whPerMin) => {
      const toH = Math.min(24, p.fromH + p.len);
      const periods = [{ days: p.days, from: `${String(p.fromH).padStart(2, '0')}:00`, to: `${String(toH).padStart(2, '0')}:00`, energyPerKwh: 0.5 }];
      const start = T0 + startMin * MIN;
      const cost = priceSession({ currency: 'EUR', vatPercent: 0, timezone: 'Etc/GMT-2', components: { ...base, energyPerKwh: 0.25, periods } }, { startMs: start, endMs: start + minutes * MIN, points: [], energyWh: whPerMin * minutes });
      let expected = 0;
      for (let m = 0; m < minutes; m++) {
        const local = new Date(start + m * MIN + 2 * 3_600_000);
        const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][local.getUTCDay()]!;
        const hour = local.getUTCHours();
        const inPeriod = (p.days.length === 0 || (p.days as string[]).includes(day)) && hour >= p.fromH && hour < toH;
        expected += (whPerMin / 1000) * (inPeriod ? 50 : 25);
      }
      expect(cost.netMinor).toBe(Math.floor(Number(expected.toPrecision(12)) + 0.5));
    }));
  });

  it('bills exactly the idle minutes beyond the grace period', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 120 }), (charge, idle, grace) => {
      const cost = priceSession(terms({ idlePerMinute: 0.01, idleGraceMinutes: grace }), constant(5_000, charge, idle));
      expect(cost.netMinor).toBe(Math.max(0, idle - grace));
    }));
  });

  it('keeps the net between the minimum and the maximum', () => {
    fc.assert(fc.property(pricingTerms, usage, (t, u) => {
      const cost = priceSession(t, u);
      const { minPrice, maxPrice } = t.components;
      if (minPrice !== null) expect(cost.netMinor).toBeGreaterThanOrEqual(Math.round(minPrice * 100));
      if (maxPrice !== null) expect(cost.netMinor).toBeLessThanOrEqual(Math.round(maxPrice * 100));
    }));
  });
});
