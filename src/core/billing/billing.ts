import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** Days a time-of-day variant applies on (local to the site). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Prices that may vary by time of day, in major currency units (e.g. EUR), before VAT. */
export interface TariffPrices {
  energyPerKwh: number;
  /** Per minute while energy flows. */
  chargingPerMinute: number;
  /** Per minute plugged in without charging after the session charged, once the grace period is used up. */
  idlePerMinute: number;
}

/**
 * A time-of-day / weekday variant: between `from` and `to` (HH:MM, local time of the site, `to` may be
 * 24:00, never across midnight) on `days` (empty = every day), the prices given replace the base ones.
 * The first matching variant wins.
 */
export interface TariffPeriod extends Partial<TariffPrices> {
  days: Weekday[];
  from: string;
  to: string;
}

/** Everything a tariff charges. Money in major units, before VAT; min/max bound the net (before VAT) total. */
export interface TariffComponents extends TariffPrices {
  sessionFee: number;
  idleGraceMinutes: number;
  minPrice: number | null;
  maxPrice: number | null;
  periods: TariffPeriod[];
}

/** What one version of a tariff says. */
export interface TariffTerms {
  name: string;
  /** ISO 4217 code; its minor unit (cents, …) is what amounts are rounded to. */
  currency: string;
  vatPercent: number;
  components: TariffComponents;
}

/** A tariff at its current version. */
export interface Tariff extends TariffTerms {
  id: string;
  version: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A tariff as fixed on a session at its start, with the site's time zone its time-of-day prices follow. */
export interface TariffSnapshot extends TariffTerms {
  id: string;
  version: number;
  timezone: string;
}

/** Where an assignment applies; the most specific wins: token_group > station > site > default. */
export type TariffScope = 'default' | 'site' | 'station' | 'token_group';

/** A tariff assigned to a scope (scopeId '' for the default). */
export interface TariffAssignment {
  scope: TariffScope;
  scopeId: string;
  tariffId: string;
  tariffName: string;
}

/** The parts of a bill. Adjustments bring the net total up to the minimum or down to the maximum. */
export type CostComponent = 'energy' | 'charging_time' | 'idle_time' | 'session_fee' | 'minimum_price' | 'maximum_price';

/** One line of a bill: the quantity, the amount (major units), and the quantity billed at each unit price. */
export interface CostLine {
  component: CostComponent;
  quantity: number;
  unit: 'kWh' | 'min' | null;
  amount: number;
  parts: Array<{ quantity: number; unitPrice: number }>;
}

/** The cost of a session: so far while it runs, final once it stopped. Amounts in major units. */
export interface SessionCost {
  currency: string;
  net: number;
  vat: number;
  total: number;
  vatPercent: number;
  breakdown: CostLine[];
  tariffId: string;
  tariffName: string;
  tariffVersion: number;
  final: boolean;
  computedAt: string;
}

/** What the billing services are built from. */
export interface BillingDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
}
