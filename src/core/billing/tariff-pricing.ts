import type { CostComponent, TariffComponents, TariffPrices } from './billing.js';
import { currencyDecimals, roundHalfUp, toMinor } from './money.js';
import { pricedSpans } from './tariff-periods.js';

/**
 * The price of a session, pure. Rounding rule (also in the README):
 * 1. energy, charging time and idle time are each computed exactly from the kWh and minutes in every
 *    price span (energy within a stretch between two readings is taken as delivered evenly over it),
 *    summed, then rounded once, half-up, to the currency's minor unit;
 * 2. the session fee and the min/max prices are rounded half-up to the minor unit;
 * 3. net = the sum of the rounded lines, then raised to the minimum / lowered to the maximum (both bound
 *    the net, before VAT; the adjustment is a line of its own so the lines always add up to the net);
 * 4. VAT is computed on the net and rounded once, half-up; total = net + VAT.
 */

/** The session's delivered energy (Wh, counted from its start) at one instant. */
export interface UsagePoint {
  atMs: number;
  energyWh: number;
}

/** What a session used: its span, energy readings over time and the energy at the end. */
export interface Usage {
  startMs: number;
  endMs: number;
  points: readonly UsagePoint[];
  /** The session's energy at `endMs`: authoritative; readings above it are scaled down to it. */
  energyWh: number;
  /** Energy still flows at `endMs` (a running session): the time since the last reading counts as charging, not idle. */
  chargingAtEnd?: boolean;
}

/** The tariff terms pricing needs, with the time zone its time-of-day prices are read in. */
export interface PricingTerms {
  currency: string;
  vatPercent: number;
  components: TariffComponents;
  timezone: string;
}

/** One bill line in integer minor units. */
export interface PricedLine {
  component: CostComponent;
  quantity: number;
  unit: 'kWh' | 'min' | null;
  amountMinor: number;
  parts: Array<{ quantity: number; unitPrice: number }>;
}

/** A priced session in integer minor units; the lines add up to `netMinor`. */
export interface PricedCost {
  currency: string;
  decimals: number;
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
  lines: PricedLine[];
}

/** A stretch between two readings: charging when energy flowed, else plugged in without charging. */
interface Segment {
  fromMs: number;
  toMs: number;
  energyWh: number;
  charging: boolean;
}

/** Readings in time order, inside the session, never decreasing, scaled so none exceeds the final energy. */
export function segmentsOf(u: Usage): Segment[] {
  const total = Math.max(0, Number.isFinite(u.energyWh) ? u.energyWh : 0);
  const endMs = Math.max(u.startMs, u.endMs);
  const sorted = u.points.filter((p) => Number.isFinite(p.atMs) && Number.isFinite(p.energyWh)).sort((a, b) => a.atMs - b.atMs);
  let peak = 0;
  const points = sorted.map((p) => {
    peak = Math.max(peak, p.energyWh);
    return { atMs: Math.min(endMs, Math.max(u.startMs, p.atMs)), energyWh: peak };
  });
  const k = peak > total ? total / peak : 1;
  const all = [{ atMs: u.startMs, energyWh: 0 }, ...points.map((p) => ({ atMs: p.atMs, energyWh: p.energyWh * k })), { atMs: endMs, energyWh: total }];
  const out: Segment[] = [];
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i]!;
    const b = all[i + 1]!;
    const energyWh = Math.max(0, b.energyWh - a.energyWh);
    const last = i + 2 === all.length;
    if (b.atMs === a.atMs && energyWh === 0) continue;
    out.push({ fromMs: a.atMs, toMs: b.atMs, energyWh, charging: energyWh > 0 || (last && u.chargingAtEnd === true) });
  }
  return out;
}

class Tally {
  quantity = 0;
  exactMinor = 0;
  readonly parts = new Map<number, number>();
  add(quantity: number, unitPrice: number, minorPerMajor: number): void {
    if (quantity <= 0) return;
    this.quantity += quantity;
    this.exactMinor += quantity * unitPrice * minorPerMajor;
    this.parts.set(unitPrice, (this.parts.get(unitPrice) ?? 0) + quantity);
  }
}

const MINUTE_MS = 60_000;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

function priced(c: TariffComponents, key: keyof TariffPrices): boolean {
  return c[key] > 0 || c.periods.some((p) => (p[key] ?? 0) > 0);
}

/** Prices a session's usage under a tariff (see the rounding rule above). Never negative. */
export function priceSession(terms: PricingTerms, usage: Usage): PricedCost {
  const c = terms.components;
  const decimals = currencyDecimals(terms.currency);
  const unit = 10 ** decimals;
  const energy = new Tally();
  const charging = new Tally();
  const idle = new Tally();
  const graceMs = Math.max(0, c.idleGraceMinutes) * MINUTE_MS;
  let charged = false;
  let idleMs = 0;
  for (const s of segmentsOf(usage)) {
    const length = s.toMs - s.fromMs;
    if (s.charging) {
      charged = true;
      for (const span of pricedSpans(c, terms.timezone, s.fromMs, s.toMs)) {
        const ms = span.toMs - span.fromMs;
        energy.add((s.energyWh / 1000) * (length > 0 ? ms / length : 1), span.prices.energyPerKwh, unit);
        charging.add(ms / MINUTE_MS, span.prices.chargingPerMinute, unit);
      }
    } else if (charged) {
      const free = Math.min(length, Math.max(0, graceMs - idleMs));
      idleMs += length;
      if (free < length) for (const span of pricedSpans(c, terms.timezone, s.fromMs + free, s.toMs)) idle.add((span.toMs - span.fromMs) / MINUTE_MS, span.prices.idlePerMinute, unit);
    }
  }
  const lines: PricedLine[] = [];
  const push = (component: CostComponent, t: Tally, lineUnit: 'kWh' | 'min', shown: boolean) => {
    const amountMinor = roundHalfUp(t.exactMinor);
    if (amountMinor === 0 && !shown) return;
    const digits = lineUnit === 'kWh' ? 4 : 2;
    lines.push({ component, quantity: round(t.quantity, digits), unit: lineUnit, amountMinor, parts: [...t.parts].map(([unitPrice, q]) => ({ quantity: round(q, digits), unitPrice })) });
  };
  push('energy', energy, 'kWh', priced(c, 'energyPerKwh'));
  push('charging_time', charging, 'min', priced(c, 'chargingPerMinute'));
  push('idle_time', idle, 'min', priced(c, 'idlePerMinute'));
  const fee = toMinor(c.sessionFee, decimals);
  if (fee > 0) lines.push({ component: 'session_fee', quantity: 1, unit: null, amountMinor: fee, parts: [{ quantity: 1, unitPrice: c.sessionFee }] });
  let net = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const adjust = (component: CostComponent, to: number) => {
    lines.push({ component, quantity: 1, unit: null, amountMinor: to - net, parts: [] });
    net = to;
  };
  if (c.minPrice !== null && net < toMinor(c.minPrice, decimals)) adjust('minimum_price', toMinor(c.minPrice, decimals));
  if (c.maxPrice !== null && net > toMinor(c.maxPrice, decimals)) adjust('maximum_price', toMinor(c.maxPrice, decimals));
  const vat = roundHalfUp((net * terms.vatPercent) / 100);
  return { currency: terms.currency, decimals, netMinor: net, vatMinor: vat, totalMinor: net + vat, lines };
}
