/**
 * Money rules, one place: amounts are computed in exact (floating) minor units, normalised to 12
 * significant digits to drop binary noise (0.35 × 3 is 1.0499999…), then rounded half-up to an integer
 * number of minor units. Every amount here is ≥ 0, so half-up and half-away-from-zero agree.
 */

const decimalsCache = new Map<string, number>();

/** How many decimals the currency's minor unit has (EUR 2, JPY 0, KWD 3), per ISO 4217 as Intl knows it. */
export function currencyDecimals(currency: string): number {
  let d = decimalsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    decimalsCache.set(currency, d);
  }
  return d;
}

/** Rounds an exact amount of minor units half-up to an integer (after the 12-digit normalisation). */
export function roundHalfUp(minorExact: number): number {
  if (!Number.isFinite(minorExact) || minorExact <= 0) return 0;
  return Math.floor(Number(minorExact.toPrecision(12)) + 0.5);
}

/** A major-unit amount (a price, a minimum) in integer minor units. */
export function toMinor(major: number, decimals: number): number {
  return roundHalfUp(major * 10 ** decimals);
}

/** Integer minor units back to a major-unit number (1235 → 12.35). */
export function toMajor(minor: number, decimals: number): number {
  return Number((minor / 10 ** decimals).toFixed(decimals));
}
