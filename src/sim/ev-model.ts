import type { PlugInOptions } from './types.js';

/** A simulated EV battery while plugged in. SoC in percent. */
export interface Ev {
  capacityWh: number;
  soc: number;
  targetSoc: number;
  /** What the EV accepts below the taper knee, in W. */
  maxPowerW: number;
  /** Fraction of maxPowerW still accepted at 100 % SoC (0.1 to 0.2). */
  taperFloor: number;
  /** Simulated seconds the driver stays after charging ends. */
  departAfterS: number;
}

/** SoC above which the EV draws less and less power. */
export const TAPER_KNEE_SOC = 80;
/** Grid energy that ends up in the battery. */
const CHARGE_EFFICIENCY = 0.93;

function between(random: () => number, lo: number, hi: number): number {
  return lo + random() * (hi - lo);
}

/** Draws an EV: 40-100 kWh, SoC 10-60 %, target 80-100 %, onboard charger 7.4-22 kW (AC) or 50-250 kW (DC). */
export function createEv(random: () => number, kind: 'AC' | 'DC', opts: PlugInOptions = {}): Ev {
  const acChargers = [7_400, 11_000, 11_000, 22_000];
  const socStart = opts.socStart ?? Math.round(between(random, 10, 60));
  return {
    capacityWh: opts.capacityWh ?? Math.round(between(random, 40, 100)) * 1_000,
    soc: socStart,
    targetSoc: Math.max(socStart, opts.targetSoc ?? Math.round(between(random, 80, 100))),
    maxPowerW: opts.maxPowerW ?? (kind === 'AC' ? acChargers[Math.floor(random() * acChargers.length)] : Math.round(between(random, 50, 250)) * 1_000),
    taperFloor: between(random, 0.1, 0.2),
    departAfterS: opts.departAfterS ?? 120,
  };
}

/** Power the EV accepts at its current SoC: flat up to the knee, then linear down to the floor at 100 %. */
export function evAcceptW(ev: Ev): number {
  if (ev.soc >= ev.targetSoc || ev.soc >= 100) return 0;
  if (ev.soc <= TAPER_KNEE_SOC) return ev.maxPowerW;
  const f = 1 - ((1 - ev.taperFloor) * (ev.soc - TAPER_KNEE_SOC)) / (100 - TAPER_KNEE_SOC);
  return ev.maxPowerW * f;
}

/** True once the EV stops drawing power. */
export function evFull(ev: Ev): boolean {
  return ev.soc >= ev.targetSoc || ev.soc >= 100;
}

/**
 * Charges the EV for `seconds` with the grid side capped at `limitW`, in steps short enough that the
 * taper is followed. Returns the grid energy in Wh and the power at the end of the span.
 */
export function chargeEv(ev: Ev, limitW: number, seconds: number): { energyWh: number; powerW: number } {
  let energyWh = 0;
  let powerW = 0;
  let left = seconds;
  while (left > 0) {
    const step = Math.min(left, 10);
    powerW = Math.min(evAcceptW(ev), limitW);
    if (powerW <= 0) {
      powerW = 0;
      break;
    }
    const wh = (powerW * step) / 3_600;
    energyWh += wh;
    ev.soc = Math.min(100, ev.soc + ((wh * CHARGE_EFFICIENCY) / ev.capacityWh) * 100);
    left -= step;
  }
  if (evFull(ev)) powerW = 0;
  else powerW = Math.min(evAcceptW(ev), limitW);
  return { energyWh, powerW };
}
