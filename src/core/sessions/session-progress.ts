/**
 * Billing-grade meter arithmetic, pure: how much energy a session has delivered given its meter readings.
 * The state is exactly what the sessions table keeps (meter_start_wh, last_register_wh, energy_wh,
 * last_sample_at), so the result does not depend on how readings were split into messages, batches or
 * process lifetimes.
 */

/** Measurands the arithmetic reads. */
export const REGISTER = 'Energy.Active.Import.Register';
export const INTERVAL = 'Energy.Active.Import.Interval';
export const POWER = 'Power.Active.Import';
export const SOC = 'SoC';

/**
 * A first register reading more than this far above a meterStart of 0 cannot have been delivered in the
 * time since the start: the meter reports its lifetime total (an offline start that sent 0).
 */
export const PLAUSIBLE_POWER_W = 600_000;
export const PLAUSIBLE_SLACK_WH = 1_000;

/** The energy state of one session. */
export interface Progress {
  /** The register value energy is counted from (meterStart, or the first reading when meterStart was 0 but the meter reads a lifetime total). */
  startWh: number | null;
  /** The register value counted so far (advanced by intervals when registers are sparse). */
  lastRegisterWh: number | null;
  /** Energy delivered; never negative, never decreases. */
  energyWh: number;
  /** Time of the newest reading applied; older readings are ignored. */
  lastAtMs: number | null;
  startedAtMs: number;
  powerW: number | null;
  soc: number | null;
  /** Set when a meterStart of 0 was replaced by the first register reading. */
  lifetimeStart: boolean;
}

/**
 * Copies `from` into `into`, field by field. A running session's progress object lives as long as the
 * session; updated in place, it is not replaced (and the old one promoted to the old generation, as it
 * lived past young collections) once per meter value.
 */
export function copyProgress(into: Progress, from: Progress): void {
  if (into === from) return;
  into.startWh = from.startWh;
  into.lastRegisterWh = from.lastRegisterWh;
  into.energyWh = from.energyWh;
  into.lastAtMs = from.lastAtMs;
  into.startedAtMs = from.startedAtMs;
  into.powerW = from.powerW;
  into.soc = from.soc;
  into.lifetimeStart = from.lifetimeStart;
}

/** What one timestamped meter value says, in base units (Wh, W, %). Absent fields were not reported. */
export interface Reading {
  atMs: number;
  registerWh?: number;
  intervalWh?: number;
  powerW?: number;
  soc?: number;
  /** The power the station offers the EV (shown live; the energy arithmetic does not read it). */
  offeredW?: number;
}

/** The fresh state of a session started at `startedAtMs` with `startWh` on the register (null when unknown). */
export function initialProgress(startedAtMs: number, startWh: number | null): Progress {
  return { startWh, lastRegisterWh: null, energyWh: 0, lastAtMs: null, startedAtMs, powerW: null, soc: null, lifetimeStart: false };
}

/**
 * Units with a larger base: factor and base unit. A Map, not an object: a 2.0.1 unit is free text, and
 * a unit named like an Object.prototype member ("constructor") must read as an unknown unit.
 */
const SCALE: ReadonlyMap<string, readonly [factor: number, base: string]> = new Map([
  ['kWh', [1000, 'Wh']],
  ['kW', [1000, 'W']],
  ['kvarh', [1000, 'varh']],
  ['kvar', [1000, 'var']],
  ['kVA', [1000, 'VA']],
  ['kVAh', [1000, 'VAh']],
  ['MWh', [1_000_000, 'Wh']],
  ['MW', [1_000_000, 'W']],
  ['Celcius', [1, 'Celsius']],
]);

/** The factor to the base unit and the base unit's name, or undefined when `unit` is a base unit (or unknown). */
export function unitScale(unit: string | null): readonly [factor: number, base: string] | undefined {
  return unit === null ? undefined : SCALE.get(unit);
}

/** A value with a 2.0.1 power-of-ten multiplier applied. */
export function withMultiplier(value: number, multiplier: number | null): number {
  // Dividing by 10^-m keeps 12 × 10^-1 at 1.2 exactly, where multiplying by 0.1 would not.
  return !multiplier ? value : multiplier > 0 ? value * 10 ** multiplier : value / 10 ** -multiplier;
}

/** The upper bound of energy a session can have drawn `elapsedMs` after its start. */
export function plausibleEnergyWh(elapsedMs: number): number {
  return PLAUSIBLE_SLACK_WH + (PLAUSIBLE_POWER_W * Math.max(0, elapsedMs)) / 3_600_000;
}

/**
 * Applies one reading. Registers win over intervals; a register going backwards (meter reset, rollover,
 * replaced meter) becomes the new baseline without losing what was delivered; a reading without energy
 * leaves the total alone; a reading older than the newest applied one is ignored (it would otherwise
 * look like a reset and count energy twice).
 */
export function applyReading(p: Progress, r: Reading): Progress {
  if (p.lastAtMs !== null && r.atMs < p.lastAtMs) return p;
  const next: Progress = {
    startWh: p.startWh, lastRegisterWh: p.lastRegisterWh, energyWh: p.energyWh, lastAtMs: r.atMs, startedAtMs: p.startedAtMs,
    powerW: p.powerW, soc: p.soc, lifetimeStart: p.lifetimeStart,
  };
  if (r.powerW !== undefined) next.powerW = r.powerW;
  if (r.soc !== undefined) next.soc = r.soc;
  const reg = r.registerWh;
  if (reg !== undefined) {
    if (next.lastRegisterWh !== null) {
      if (reg > next.lastRegisterWh) next.energyWh += reg - next.lastRegisterWh;
    } else if (next.startWh === null) {
      next.startWh = reg;
    } else if (next.startWh === 0 && reg > plausibleEnergyWh(r.atMs - next.startedAtMs)) {
      next.startWh = reg;
      next.lifetimeStart = true;
    } else if (reg > next.startWh) {
      next.energyWh = Math.max(next.energyWh, reg - next.startWh);
    }
    next.lastRegisterWh = reg;
  } else if (r.intervalWh !== undefined && r.intervalWh > 0) {
    next.energyWh += r.intervalWh;
    // Counted energy the next register reading already includes.
    if (next.lastRegisterWh !== null) next.lastRegisterWh += r.intervalWh;
  }
  return next;
}

/** Applies readings in order. */
export function applyReadings(p: Progress, readings: readonly Reading[]): Progress {
  let s = p;
  for (const r of readings) s = applyReading(s, r);
  return s;
}

/** The sample fields the arithmetic reads; MeterSample satisfies it. */
export interface ReadingSample {
  atMs: number;
  measurand: string;
  phase: string | null;
  location: string | null;
  value: number | null;
}

const PHASE_OF: Record<string, string> = { L1: 'L1', L2: 'L2', L3: 'L3', 'L1-N': 'L1', 'L2-N': 'L2', 'L3-N': 'L3' };

/**
 * One measurand's value among samples of one instant: the total (no phase) if reported, else the sum of
 * the L1–L3 phase values. Outlet (or unspecified) location is preferred; EV-side values count only for SoC.
 */
export function pickValue(samples: readonly ReadingSample[], from: number, to: number, measurand: string): number | undefined {
  for (const outletOnly of [true, false]) {
    let total: number | undefined;
    let phases: Record<string, number> | undefined;
    for (let i = from; i < to; i++) {
      const s = samples[i]!;
      if (s.measurand !== measurand || s.value === null || !Number.isFinite(s.value)) continue;
      const loc = s.location;
      if (outletOnly ? loc !== null && loc !== 'Outlet' : loc === 'EV' && measurand !== SOC) continue;
      if (s.phase === null) {
        if (total === undefined) total = s.value;
        continue;
      }
      const phase = PHASE_OF[s.phase];
      if (!phase) continue;
      phases ??= {};
      if (phases[phase] === undefined) phases[phase] = s.value;
    }
    if (total !== undefined) return total;
    if (phases) return Object.values(phases).reduce((a, b) => a + b, 0);
  }
  return undefined;
}

/** The power the station offers the EV (1.6 and 2.0.1 measurand). */
export const POWER_OFFERED = 'Power.Offered';

/** Turns samples (in base units, in arrival order) into one reading per run of equal timestamps. */
export function readingsOf(samples: readonly ReadingSample[]): Reading[] {
  const out: Reading[] = [];
  let from = 0;
  while (from < samples.length) {
    const at = samples[from]!.atMs;
    let to = from + 1;
    while (to < samples.length && samples[to]!.atMs === at) to++;
    const r: Reading = { atMs: at };
    const reg = pickValue(samples, from, to, REGISTER);
    if (reg !== undefined) r.registerWh = reg;
    const interval = pickValue(samples, from, to, INTERVAL);
    if (interval !== undefined) r.intervalWh = interval;
    const power = pickValue(samples, from, to, POWER);
    if (power !== undefined) r.powerW = power;
    const soc = pickValue(samples, from, to, SOC);
    if (soc !== undefined) r.soc = soc;
    const offered = pickValue(samples, from, to, POWER_OFFERED);
    if (offered !== undefined) r.offeredW = offered;
    out.push(r);
    from = to;
  }
  return out;
}

/** The power offered at the last reading that reports it, or undefined. */
export function latestOfferedW(readings: readonly Reading[]): number | undefined {
  let found: number | undefined;
  for (const r of readings) if (r.offeredW !== undefined) found = r.offeredW;
  return found;
}

/** The first register reading among samples, e.g. a 2.0.1 Transaction.Begin value used as meter start. */
export function firstRegisterWh(samples: readonly ReadingSample[]): number | undefined {
  for (const r of readingsOf(samples)) if (r.registerWh !== undefined) return r.registerWh;
  return undefined;
}
