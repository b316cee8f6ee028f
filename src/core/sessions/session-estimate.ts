/**
 * When will a charging EV be full, reach its target, or how far will it get by its departure: pure
 * arithmetic over what the session has shown so far. The EV's SoC gained per Wh delivered is measured
 * over the session (it barely changes: battery capacity and charger efficiency), and the future power
 * follows the current power down the taper that lithium-ion batteries show above ~80 % SoC (or, once the
 * EV has started to taper, down the slope it has shown). Without a SoC, the energy the EV asked for
 * (2.0.1 NotifyEVChargingNeeds) is the only yardstick.
 */

/** SoC above which an EV draws less and less power (constant-voltage phase of lithium-ion charging). */
export const TAPER_KNEE_SOC = 80;
/** Share of its knee power an EV still draws at 100 % SoC: typical curves end between 10 and 25 %. */
export const TAPER_FLOOR = 0.15;
/** Grid energy that reaches the battery, assumed when SoC per Wh must come from a stated capacity. */
export const ASSUMED_EFFICIENCY = 0.92;
/** Below this power an EV is not charging (standby draw, measurement noise). */
export const CHARGING_THRESHOLD_W = 50;
/** SoC rise needed before SoC per Wh is trusted from measurements (SoC is often reported in whole %). */
export const MIN_SOC_RISE = 1;
/** Energy needed before SoC per Wh is trusted from measurements. */
export const MIN_ENERGY_WH = 100;
/** SoC span of observed taper needed before its slope is trusted. */
export const MIN_TAPER_SPAN = 2;
/** The observed taper is followed down to this share of its first power at most (it may not reach zero). */
const TAPER_MIN_SHARE = 0.05;

const SOC_STEP = 0.1;
const HOUR_MS = 3_600_000;

/** Share of the knee power the EV accepts at `soc` (1 below the knee, falling linearly to the floor at 100 %). */
export function taperFactor(soc: number): number {
  if (soc <= TAPER_KNEE_SOC) return 1;
  return 1 - ((1 - TAPER_FLOOR) * (Math.min(soc, 100) - TAPER_KNEE_SOC)) / (100 - TAPER_KNEE_SOC);
}

/** What the EV said it needs (2.0.1 NotifyEVChargingNeeds), each null when not given. */
export interface EvNeeds {
  targetSoc: number | null;
  energyRequestedWh: number | null;
  departureMs: number | null;
  evMaxPowerW: number | null;
  capacityWh: number | null;
}

/** One reading of the session, with the time it had spent charging by then. */
export interface EstimatePoint {
  atMs: number;
  soc: number;
  energyWh: number;
  chargingMs: number;
}

/** What the estimate is made from; times are the station's reading times. */
export interface EstimateInput {
  /** Time of the latest reading: the estimate counts from here. */
  atMs: number;
  soc: number | null;
  energyWh: number;
  /** Power now (reported, or derived from the energy register); null when unknown. */
  powerW: number | null;
  /** Charging time by `atMs`. */
  chargingMs: number;
  /**
   * The reading where the SoC first changed (or the first with a SoC), and the latest where it changed:
   * SoC is often reported in whole %, and measuring between two changes cancels most of the rounding.
   */
  firstSoc: EstimatePoint | null;
  lastSocChange?: EstimatePoint | null;
  /** The first reading above the knee where the power had fallen from its plateau: the EV is on its taper. */
  taperStart?: { soc: number; powerW: number } | null;
  needs: EvNeeds | null;
}

/** How an estimate was made. */
export type EstimateMethod = 'soc-slope' | 'energy-requested' | 'unavailable';

/** The estimate: times are epoch ms, null when they cannot be told (`reason` says why). */
export interface Estimate {
  method: EstimateMethod;
  fullAtMs: number | null;
  targetAtMs: number | null;
  /** SoC expected at the departure time, when a departure time and a SoC estimate are known. */
  socAtDeparture: number | null;
  reason?: string;
}

/** Reasons an estimate cannot be given, as shown to users. */
export const REASONS = {
  noSoc: 'no SoC reported',
  notCharging: 'not charging now',
  tooEarly: 'SoC has not risen enough yet to measure the charging rate',
} as const;

const clampSoc = (soc: number): number => Math.min(100, Math.max(0, soc));

/** SoC rate in %/h at a given SoC, along the charging curve the session is on. */
type Rate = (soc: number) => number;

/**
 * The charging curve: SoC gained per Wh (`socPerWh`) times the power the EV will draw at each SoC. The EV
 * draws its maximum (stated, or the current power scaled back to the knee) along the taper, capped by the
 * current power when the EVSE rather than the EV is what limits it now.
 */
function powerRate(socPerWh: number, soc: number, powerW: number, evMaxPowerW: number | null): Rate {
  const evMax = evMaxPowerW !== null && evMaxPowerW > 0 ? evMaxPowerW : powerW / taperFactor(soc);
  const limitedByEvse = evMaxPowerW !== null && powerW < 0.95 * evMax * taperFactor(soc);
  const cap = limitedByEvse ? powerW : Number.POSITIVE_INFINITY;
  return (s) => socPerWh * Math.min(evMax * taperFactor(s), cap);
}

/**
 * The taper the EV has shown: the power falling in a straight line from where it left its plateau to now,
 * followed on (how steeply an EV tapers varies; once seen, it beats an assumed floor).
 */
function observedTaperRate(socPerWh: number, soc: number, powerW: number, start: { soc: number; powerW: number } | null | undefined): Rate | null {
  if (!start || soc - start.soc < MIN_TAPER_SPAN || powerW >= start.powerW) return null;
  const slope = (powerW - start.powerW) / (soc - start.soc);
  const floor = TAPER_MIN_SHARE * start.powerW;
  return (s) => socPerWh * Math.max(floor, powerW + slope * (s - soc));
}

/** Hours to go from SoC `from` to `to` at `rate` (midpoint steps of 0.1 %). */
function hoursBetween(rate: Rate, from: number, to: number): number {
  let hours = 0;
  for (let s = from; s < to - 1e-9; s += SOC_STEP) {
    const step = Math.min(SOC_STEP, to - s);
    hours += step / rate(s + step / 2);
  }
  return hours;
}

/** The SoC reached after `hours` at `rate`, from `from`, never beyond `stop`. */
function socAfter(rate: Rate, from: number, stop: number, hours: number): number {
  let left = hours;
  let s = from;
  while (s < stop - 1e-9) {
    const step = Math.min(SOC_STEP, stop - s);
    const h = step / rate(s + step / 2);
    if (h >= left) return s + (step * left) / h;
    left -= h;
    s += step;
  }
  return stop;
}

/** The latest reading to measure SoC rise against: the last SoC change when known, else the current reading. */
function latestOf(input: EstimateInput, soc: number): EstimatePoint {
  return input.lastSocChange ?? { atMs: input.atMs, soc, energyWh: input.energyWh, chargingMs: input.chargingMs };
}

/** SoC per Wh as measured since the first SoC reading, or from the stated capacity, or null. */
function socPerWhOf(input: EstimateInput, soc: number): number | null {
  const first = input.firstSoc;
  if (first) {
    const last = latestOf(input, soc);
    const rise = last.soc - first.soc;
    const energy = last.energyWh - first.energyWh;
    if (rise >= MIN_SOC_RISE && energy >= MIN_ENERGY_WH) return rise / energy;
  }
  const capacity = input.needs?.capacityWh;
  return capacity !== null && capacity !== undefined && capacity > 0 ? (100 * ASSUMED_EFFICIENCY) / capacity : null;
}

/** The SoC rate along the taper fitted to the SoC rise over charging time, when no power is known. */
function slopeRate(input: EstimateInput, soc: number): Rate | null {
  const first = input.firstSoc;
  const last = latestOf(input, soc);
  if (!first || last.soc - first.soc < MIN_SOC_RISE) return null;
  const hours = (last.chargingMs - first.chargingMs) / HOUR_MS;
  if (hours <= 0) return null;
  // The rate at the knee that, along the taper, covers the observed rise in the observed time.
  const knee = hoursBetween(taperFactor, first.soc, last.soc) / hours;
  return (s) => knee * taperFactor(s);
}

/** Estimates completion times for a running session. */
export function estimateCompletion(input: EstimateInput): Estimate {
  const needs = input.needs;
  const power = input.powerW;
  const charging = power !== null && power > CHARGING_THRESHOLD_W;
  if (input.soc === null) return byEnergy(input, charging);

  const soc = clampSoc(input.soc);
  const requestedTarget = needs?.targetSoc ?? null;
  const socPerWh = socPerWhOf(input, soc);
  let target = requestedTarget === null ? null : clampSoc(requestedTarget);
  const remainingWh = needs?.energyRequestedWh === null || needs?.energyRequestedWh === undefined ? null : Math.max(0, needs.energyRequestedWh - input.energyWh);
  // Energy asked for but no target SoC (AC): the SoC that energy brings, when SoC per Wh is known.
  if (target === null && remainingWh !== null && socPerWh !== null) target = clampSoc(soc + remainingWh * socPerWh);

  const at = input.atMs;
  const full = soc >= 100 ? at : null;
  const reached = target !== null && soc >= target ? at : null;
  const rate = charging && socPerWh !== null ? observedTaperRate(socPerWh, soc, power, input.taperStart) ?? powerRate(socPerWh, soc, power, needs?.evMaxPowerW ?? null)
    : power === null || charging ? slopeRate(input, soc) : null;
  if (!rate) {
    const reason = power !== null && !charging ? REASONS.notCharging : REASONS.tooEarly;
    if (full === null && reached === null) return { method: 'unavailable', fullAtMs: null, targetAtMs: null, socAtDeparture: null, reason };
    // The target (or 100 %) is already reached: that much is known without a rate.
    return { method: 'soc-slope', fullAtMs: full, targetAtMs: reached, socAtDeparture: null, ...(full === null ? { reason } : {}) };
  }
  const etaTo = (to: number): number => at + Math.round(hoursBetween(rate, soc, to) * HOUR_MS);
  const departure = needs?.departureMs ?? null;
  // Energy asked for while SoC per Wh is still unknown: the energy at the current power.
  const byEnergyAt = remainingWh === null ? null : remainingWh === 0 ? at : charging ? at + Math.round((remainingWh / power) * HOUR_MS) : null;
  return {
    method: 'soc-slope',
    fullAtMs: full ?? etaTo(100),
    targetAtMs: target === null ? byEnergyAt : reached ?? etaTo(target),
    socAtDeparture: departure === null ? null : departure <= at ? soc : socAfter(rate, soc, Math.max(soc, target ?? 100), (departure - at) / HOUR_MS),
  };
}

/** Without a SoC: the energy still to deliver at the current power, if the EV said how much it wants. */
function byEnergy(input: EstimateInput, charging: boolean): Estimate {
  const requested = input.needs?.energyRequestedWh ?? null;
  if (requested === null) return { method: 'unavailable', fullAtMs: null, targetAtMs: null, socAtDeparture: null, reason: REASONS.noSoc };
  const remainingWh = Math.max(0, requested - input.energyWh);
  if (remainingWh === 0) return { method: 'energy-requested', fullAtMs: null, targetAtMs: input.atMs, socAtDeparture: null };
  if (!charging) return { method: 'unavailable', fullAtMs: null, targetAtMs: null, socAtDeparture: null, reason: REASONS.notCharging };
  return { method: 'energy-requested', fullAtMs: null, targetAtMs: input.atMs + Math.round((remainingWh / (input.powerW ?? 0)) * HOUR_MS), socAtDeparture: null };
}
