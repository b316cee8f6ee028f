/** Billing: tariffs, their assignment, and the cost of sessions (so far and final). */
export { TariffService, type AssignmentInput } from './tariffs-service.js';
export { SessionBilling, CHARGING_POWER_W, type CostQuery } from './session-billing.js';
export { priceSession, type PricedCost, type Usage, type UsagePoint } from './tariff-pricing.js';
export type { TariffInput } from './tariff-input.js';
export { localTime, instantOf, type LocalTime } from './local-time.js';
export type * from './billing.js';
