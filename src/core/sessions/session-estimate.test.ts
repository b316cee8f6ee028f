import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCompletion, REASONS, TAPER_FLOOR, taperFactor, type EstimateInput, type EvNeeds } from './session-estimate.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const noNeeds: EvNeeds = { targetSoc: null, energyRequestedWh: null, departureMs: null, evMaxPowerW: null, capacityWh: null };

/** A session that went from 20 % to 50 % SoC over 15 kWh (0.002 %/Wh) and now draws `powerW`. */
function input(over: Partial<EstimateInput> = {}, needs: Partial<EvNeeds> = {}): EstimateInput {
  return {
    atMs: T0, soc: 50, energyWh: 15_000, powerW: 11_000, chargingMs: 1.5 * HOUR,
    firstSoc: { atMs: T0 - 1.5 * HOUR, soc: 20, energyWh: 0, chargingMs: 0 },
    needs: { ...noNeeds, ...needs }, ...over,
  };
}

/** Hours from `from` to `to` % at `kneeRate` %/h along the taper, in closed form. */
function closedForm(kneeRate: number, from: number, to: number): number {
  const flat = Math.max(0, Math.min(to, 80) - from) / kneeRate;
  if (to <= 80) return flat;
  const a = (1 - TAPER_FLOOR) / 20;
  const lo = Math.max(from, 80);
  return flat + Math.log((1 - a * (lo - 80)) / (1 - a * (to - 80))) / (kneeRate * a);
}

const hoursTo = (ms: number | null): number => (ms! - T0) / HOUR;

describe('estimateCompletion', () => {
  it('follows the current power to the knee, then the taper to 100 %', () => {
    const e = estimateCompletion(input());
    // 0.002 %/Wh × 11 kW = 22 %/h
    expect(e.method).toBe('soc-slope');
    expect(hoursTo(e.fullAtMs)).toBeCloseTo(closedForm(22, 50, 100), 2);
    expect(e.targetAtMs).toBeNull();
    expect(taperFactor(100)).toBeCloseTo(TAPER_FLOOR, 10);
  });

  it('gives the time to a target SoC the EV asked for, and the SoC at its departure', () => {
    const e = estimateCompletion(input({}, { targetSoc: 90, departureMs: T0 + HOUR }));
    expect(hoursTo(e.targetAtMs)).toBeCloseTo(closedForm(22, 50, 90), 2);
    expect(e.socAtDeparture).toBeCloseTo(72, 1);
    expect(estimateCompletion(input({}, { targetSoc: 90, departureMs: T0 + 10 * HOUR })).socAtDeparture).toBeCloseTo(90, 5);
  });

  it('says the target is reached now when the SoC is at or above it', () => {
    expect(estimateCompletion(input({ soc: 85, powerW: 0 }, { targetSoc: 80 }))).toMatchObject({ targetAtMs: T0, fullAtMs: null, reason: REASONS.notCharging });
    expect(estimateCompletion(input({ soc: 100, powerW: 0 }))).toMatchObject({ method: 'soc-slope', fullAtMs: T0 });
  });

  it('turns energy requested into a target SoC when SoC per Wh is known', () => {
    // 10 kWh more at 0.002 %/Wh is 20 % more: 50 → 70 %
    const e = estimateCompletion(input({}, { energyRequestedWh: 25_000 }));
    expect(hoursTo(e.targetAtMs)).toBeCloseTo(20 / 22, 2);
  });

  it('without a SoC, uses the energy requested at the current power, or says it cannot', () => {
    expect(estimateCompletion(input({ soc: null, firstSoc: null, energyWh: 5_000, powerW: 7_500 }, { energyRequestedWh: 20_000 }))).toEqual({
      method: 'energy-requested', fullAtMs: null, targetAtMs: T0 + 2 * HOUR, socAtDeparture: null,
    });
    expect(estimateCompletion(input({ soc: null, firstSoc: null }))).toMatchObject({ method: 'unavailable', fullAtMs: null, targetAtMs: null, reason: REASONS.noSoc });
    expect(estimateCompletion(input({ soc: null, firstSoc: null, powerW: 0 }, { energyRequestedWh: 20_000 }))).toMatchObject({ method: 'unavailable', reason: REASONS.notCharging });
  });

  it('waits for the SoC to rise before measuring, unless the capacity is stated', () => {
    const early = input({ soc: 20.5, energyWh: 200 });
    expect(estimateCompletion(early)).toMatchObject({ method: 'unavailable', reason: REASONS.tooEarly });
    // 50 kWh at 92 % efficiency: 0.00184 %/Wh × 11 kW = 20.24 %/h
    const stated = estimateCompletion({ ...early, needs: { ...noNeeds, capacityWh: 50_000 } });
    expect(hoursTo(stated.fullAtMs)).toBeCloseTo(closedForm(20.24, 20.5, 100), 2);
  });

  it('says when the EV is not charging below its target', () => {
    expect(estimateCompletion(input({ powerW: 10 }))).toMatchObject({ method: 'unavailable', reason: REASONS.notCharging, fullAtMs: null });
  });

  it('knows the EVSE, not the EV, limits the power when the EV stated a higher maximum', () => {
    const evseLimited = estimateCompletion(input({ powerW: 11_000 }, { evMaxPowerW: 50_000 }));
    const evLimited = estimateCompletion(input({ powerW: 11_000 }));
    // The EV tapers below 11 kW only above 80 + 20 × (1 − 0.22) / 0.85 ≈ 98.4 %, so it is full much sooner.
    expect(evseLimited.fullAtMs!).toBeLessThan(evLimited.fullAtMs! - 0.5 * HOUR);
    expect(hoursTo(evseLimited.fullAtMs)).toBeGreaterThan(50 / 22);
  });

  it('follows the taper the EV has shown once it is past its plateau', () => {
    // Tapering from 11 kW at 85 % to 8.8 kW at 90 %: -440 W per %, so 4.4 kW at 100 %.
    const base = input({ soc: 90, energyWh: 35_000, powerW: 8_800 });
    const seen = estimateCompletion({ ...base, taperStart: { soc: 85, powerW: 11_000 } });
    const exact = (Math.log(8_800 / 4_400) / 440) / 0.002;
    expect(hoursTo(seen.fullAtMs)).toBeCloseTo(exact, 2);
    // Too short a taper to trust: the assumed curve is used.
    const early = estimateCompletion({ ...base, taperStart: { soc: 89, powerW: 9_000 } });
    expect(early.fullAtMs).toBe(estimateCompletion(base).fullAtMs);
  });

  it('fits the taper to the SoC rise over charging time when no power is reported', () => {
    const e = estimateCompletion(input({ powerW: null, soc: 30, chargingMs: HOUR, firstSoc: { atMs: T0 - 2 * HOUR, soc: 20, energyWh: 0, chargingMs: 0 } }, { targetSoc: 80 }));
    expect(hoursTo(e.targetAtMs)).toBeCloseTo(5, 2);
  });
});

const needsArb = fc.record({
  targetSoc: fc.option(fc.integer({ min: 0, max: 100 })),
  energyRequestedWh: fc.option(fc.integer({ min: 0, max: 150_000 })),
  departureMs: fc.option(fc.integer({ min: T0 - HOUR, max: T0 + 24 * HOUR })),
  evMaxPowerW: fc.option(fc.integer({ min: 1_000, max: 350_000 })),
  capacityWh: fc.option(fc.integer({ min: 10_000, max: 150_000 })),
});

const inputArb = fc.record({
  soc: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
  firstSoc: fc.double({ min: 0, max: 100, noNaN: true }),
  firstEnergyWh: fc.integer({ min: 0, max: 50_000 }),
  energyWh: fc.integer({ min: 0, max: 150_000 }),
  powerW: fc.option(fc.double({ min: 0, max: 350_000, noNaN: true })),
  chargingMs: fc.integer({ min: 0, max: 12 * HOUR }),
  taperStart: fc.option(fc.record({ soc: fc.double({ min: 80, max: 100, noNaN: true }), powerW: fc.double({ min: 1, max: 350_000, noNaN: true }) })),
  needs: fc.option(needsArb),
}).map((r): EstimateInput => ({
  taperStart: r.taperStart,
  atMs: T0, soc: r.soc, energyWh: r.energyWh, powerW: r.powerW, chargingMs: r.chargingMs,
  firstSoc: r.soc === null ? null : { atMs: T0 - HOUR, soc: Math.min(r.firstSoc, r.soc), energyWh: Math.min(r.firstEnergyWh, r.energyWh), chargingMs: 0 },
  needs: r.needs,
}));

describe('estimateCompletion properties', () => {
  it('never estimates a time before the latest reading', () => {
    fc.assert(fc.property(inputArb, (i) => {
      const e = estimateCompletion(i);
      if (e.fullAtMs !== null) expect(e.fullAtMs).toBeGreaterThanOrEqual(i.atMs);
      if (e.targetAtMs !== null) expect(e.targetAtMs).toBeGreaterThanOrEqual(i.atMs);
      if (e.socAtDeparture !== null) expect(e.socAtDeparture).toBeGreaterThanOrEqual(Math.min(i.soc ?? 0, 100) - 1e-9);
      if (e.method === 'unavailable') expect(e.reason).toBeTruthy();
    }), { numRuns: 500 });
  });

  it('more power is never later', () => {
    // More power scales the whole power curve the session has shown, its taper included.
    fc.assert(fc.property(inputArb, fc.double({ min: 1, max: 4, noNaN: true }), (i, factor) => {
      const slow = estimateCompletion(i);
      const taperStart = i.taperStart ? { ...i.taperStart, powerW: i.taperStart.powerW * factor } : i.taperStart;
      const fast = estimateCompletion({ ...i, taperStart, powerW: i.powerW === null ? null : i.powerW * factor });
      if (slow.fullAtMs !== null) expect(fast.fullAtMs).not.toBeNull();
      if (slow.fullAtMs !== null) expect(fast.fullAtMs!).toBeLessThanOrEqual(slow.fullAtMs);
      if (slow.targetAtMs !== null) expect(fast.targetAtMs!).toBeLessThanOrEqual(slow.targetAtMs);
    }), { numRuns: 500 });
  });

  it('at or above the target, the target is reached now', () => {
    fc.assert(fc.property(inputArb, fc.integer({ min: 0, max: 100 }), (i, target) => {
      const soc = Math.max(i.soc ?? target, target);
      const e = estimateCompletion({ ...i, soc, needs: { ...noNeeds, ...i.needs, targetSoc: target } });
      expect(e.targetAtMs).toBe(i.atMs);
    }), { numRuns: 300 });
  });
});
