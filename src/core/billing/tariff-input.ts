import { ValidationError } from '../shared/app-error.js';
import { WEEKDAYS, type TariffComponents, type TariffPeriod, type TariffTerms, type Weekday } from './billing.js';
import { minuteOfDay } from './tariff-periods.js';

/** A tariff as an operator sends it: components may be left out (they cost nothing). */
export interface TariffInput {
  name: string;
  currency: string;
  vatPercent?: number;
  components?: Partial<TariffComponents>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MAX_PRICE = 1_000_000;

function money(value: unknown, field: string): number {
  const n = typeof value === 'number' ? value : 0;
  // Prices have at most 6 decimals, so exact arithmetic on them stays far from binary noise.
  if (!Number.isFinite(n) || n < 0 || n > MAX_PRICE || Math.abs(n * 1e6 - Math.round(n * 1e6)) > 1e-6) {
    throw new ValidationError(`${field} must be a non-negative amount with at most 6 decimals`, { field, value: n });
  }
  return n;
}

function period(p: TariffPeriod, i: number): TariffPeriod {
  const at = `periods[${i}]`;
  if (!TIME.test(p.from) || !TIME.test(p.to) || minuteOfDay(p.from) >= minuteOfDay(p.to)) {
    throw new ValidationError(`${at}: from and to must be HH:MM with from before to (split a window across midnight in two)`, { from: p.from, to: p.to });
  }
  const days = [...new Set(p.days ?? [])];
  for (const d of days) if (!WEEKDAYS.includes(d)) throw new ValidationError(`${at}: ${d} is not one of ${WEEKDAYS.join(', ')}`, { day: d });
  const out: TariffPeriod = { days: WEEKDAYS.filter((d): d is Weekday => days.includes(d)), from: p.from, to: p.to };
  if (p.energyPerKwh !== undefined) out.energyPerKwh = money(p.energyPerKwh, `${at}.energyPerKwh`);
  if (p.chargingPerMinute !== undefined) out.chargingPerMinute = money(p.chargingPerMinute, `${at}.chargingPerMinute`);
  if (p.idlePerMinute !== undefined) out.idlePerMinute = money(p.idlePerMinute, `${at}.idlePerMinute`);
  return out;
}

/** Checks a tariff and fills in what was left out; ValidationError names the first problem. */
export function checkTariff(input: TariffInput): TariffTerms {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new ValidationError('name must be 1 to 200 characters', { name: input.name });
  const currency = input.currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationError('currency must be an ISO 4217 code such as EUR', { currency: input.currency });
  const vatPercent = input.vatPercent ?? 0;
  if (!Number.isFinite(vatPercent) || vatPercent < 0 || vatPercent > 100) throw new ValidationError('vatPercent must be between 0 and 100', { vatPercent });
  const c = input.components ?? {};
  const grace = c.idleGraceMinutes ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > 1440) throw new ValidationError('idleGraceMinutes must be a whole number of minutes up to 1440', { idleGraceMinutes: grace });
  const minPrice = c.minPrice === null || c.minPrice === undefined ? null : money(c.minPrice, 'minPrice');
  const maxPrice = c.maxPrice === null || c.maxPrice === undefined ? null : money(c.maxPrice, 'maxPrice');
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) throw new ValidationError('minPrice must not exceed maxPrice', { minPrice, maxPrice });
  const periods = c.periods ?? [];
  if (periods.length > 50) throw new ValidationError('at most 50 time-of-day variants', { periods: periods.length });
  return {
    name, currency, vatPercent,
    components: {
      energyPerKwh: money(c.energyPerKwh, 'energyPerKwh'), chargingPerMinute: money(c.chargingPerMinute, 'chargingPerMinute'),
      idlePerMinute: money(c.idlePerMinute, 'idlePerMinute'), sessionFee: money(c.sessionFee, 'sessionFee'), idleGraceMinutes: grace,
      minPrice, maxPrice, periods: periods.map(period),
    },
  };
}
