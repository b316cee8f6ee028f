import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { samplesFromV16, samplesFromV201 } from './meter-samples.js';
import { applyReading, applyReadings, copyProgress, initialProgress, latestOfferedW, pickValue, readingsOf, unitScale, withMultiplier, type Progress, type Reading } from './session-progress.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const MIN = 60_000;

/** Stores and reloads a progress the way the sessions table does (only its columns survive). */
function roundTrip(p: Progress): Progress {
  const row = JSON.parse(JSON.stringify({ s: p.startWh, r: p.lastRegisterWh, e: p.energyWh, at: p.lastAtMs, st: p.startedAtMs, pw: p.powerW, soc: p.soc, lt: p.lifetimeStart }));
  return { startWh: row.s, lastRegisterWh: row.r, energyWh: row.e, lastAtMs: row.at, startedAtMs: row.st, powerW: row.pw, soc: row.soc, lifetimeStart: row.lt };
}

/** A stream of readings a real meter could produce: time moves on, registers mostly climb, sometimes reset. */
const readingStream = fc.array(
  fc.record({
    dtMs: fc.integer({ min: 0, max: 15 * MIN }),
    kind: fc.constantFrom('register', 'register', 'register', 'interval', 'none', 'reset'),
    amount: fc.integer({ min: 0, max: 5_000 }),
    power: fc.option(fc.integer({ min: 0, max: 350_000 }), { nil: undefined }),
  }),
  { maxLength: 60 },
).map((steps) => {
  let t = T0;
  let register = 10_000;
  const out: Reading[] = [];
  for (const s of steps) {
    t += s.dtMs;
    const r: Reading = { atMs: t };
    if (s.power !== undefined) r.powerW = s.power;
    if (s.kind === 'register') r.registerWh = register += s.amount;
    else if (s.kind === 'reset') r.registerWh = register = s.amount;
    else if (s.kind === 'interval') r.intervalWh = s.amount;
    out.push(r);
  }
  return out;
});

describe('energy arithmetic', () => {
  it('counts register deltas from meterStart', () => {
    const p = applyReadings(initialProgress(T0, 1_000), [{ atMs: T0 + MIN, registerWh: 1_500 }, { atMs: T0 + 2 * MIN, registerWh: 2_750 }]);
    expect(p.energyWh).toBe(1_750);
    expect(p.lastRegisterWh).toBe(2_750);
  });

  it('keeps the total when a batch has no energy', () => {
    const p = applyReadings(initialProgress(T0, 0), [{ atMs: T0 + MIN, registerWh: 500 }, { atMs: T0 + 2 * MIN, powerW: 7_000 }, { atMs: T0 + 3 * MIN, soc: 40 }]);
    expect(p.energyWh).toBe(500);
    expect(p.powerW).toBe(7_000);
    expect(p.soc).toBe(40);
  });

  it('treats a register going backwards as a new baseline and keeps what was delivered', () => {
    const p = applyReadings(initialProgress(T0, 1_000), [
      { atMs: T0 + MIN, registerWh: 3_000 },
      { atMs: T0 + 2 * MIN, registerWh: 100 },
      { atMs: T0 + 3 * MIN, registerWh: 600 },
    ]);
    expect(p.energyWh).toBe(2_000 + 500);
  });

  it('does not bill the lifetime register when an offline start reported meterStart 0', () => {
    const p = applyReadings(initialProgress(T0, 0), [{ atMs: T0 + MIN, registerWh: 5_000_000 }, { atMs: T0 + 10 * MIN, registerWh: 5_002_000 }]);
    expect(p.energyWh).toBe(2_000);
    expect(p.startWh).toBe(5_000_000);
    expect(p.lifetimeStart).toBe(true);
  });

  it('still trusts meterStart 0 when the first reading is plausible', () => {
    const p = applyReading(initialProgress(T0, 0), { atMs: T0 + 30 * MIN, registerWh: 20_000 });
    expect(p.energyWh).toBe(20_000);
    expect(p.lifetimeStart).toBe(false);
  });

  it('accumulates intervals when no register is reported, and does not count them twice once one is', () => {
    let p = applyReadings(initialProgress(T0, 1_000), [{ atMs: T0 + MIN, intervalWh: 200 }, { atMs: T0 + 2 * MIN, intervalWh: 300 }]);
    expect(p.energyWh).toBe(500);
    p = applyReading(p, { atMs: T0 + 3 * MIN, registerWh: 1_600 });
    expect(p.energyWh).toBe(600);
    p = applyReading(p, { atMs: T0 + 4 * MIN, intervalWh: 100 });
    p = applyReading(p, { atMs: T0 + 5 * MIN, registerWh: 1_750 });
    expect(p.energyWh).toBe(750);
  });

  it('ignores a reading older than the newest applied one', () => {
    const p = applyReadings(initialProgress(T0, 0), [{ atMs: T0 + 2 * MIN, registerWh: 2_000 }, { atMs: T0 + MIN, registerWh: 1_000 }, { atMs: T0 + 3 * MIN, registerWh: 2_500 }]);
    expect(p.energyWh).toBe(2_500);
  });

  it('energy is never negative and never decreases', () => {
    fc.assert(fc.property(readingStream, fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: null }), (readings, start) => {
      let p = initialProgress(T0, start);
      for (const r of readings) {
        const next = applyReading(p, r);
        expect(next.energyWh).toBeGreaterThanOrEqual(p.energyWh);
        expect(next.energyWh).toBeGreaterThanOrEqual(0);
        p = next;
      }
    }));
  });

  it('does not depend on how readings are split into batches, even across a reload from the database', () => {
    fc.assert(fc.property(readingStream, fc.array(fc.nat(), { maxLength: 10 }), (readings, cuts) => {
      const whole = applyReadings(initialProgress(T0, 10_000), readings);
      const points = [...new Set(cuts.map((c) => c % (readings.length + 1)))].sort((a, b) => a - b);
      let p = initialProgress(T0, 10_000);
      let from = 0;
      for (const to of [...points, readings.length]) {
        p = roundTrip(applyReadings(p, readings.slice(from, to)));
        from = to;
      }
      expect(p.energyWh).toBeCloseTo(whole.energyWh, 6);
      expect(p.lastRegisterWh).toBe(whole.lastRegisterWh);
    }));
  });

  it('equals last minus first register for a meter that only climbs', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1e7 }), (deltas, start) => {
      let reg = start;
      const readings = deltas.map((d, i) => ({ atMs: T0 + (i + 1) * MIN, registerWh: (reg += d) }));
      expect(applyReadings(initialProgress(T0, start), readings).energyWh).toBe(reg - start);
    }));
  });
});

describe('units and phases', () => {
  it('scales kWh and kW to Wh and W, with a 2.0.1 multiplier', () => {
    const v201 = (value: number, unit: string, multiplier?: number) =>
      samplesFromV201([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [{ value, unitOfMeasure: { unit, ...(multiplier !== undefined ? { multiplier } : {}) } }] }], T0)[0]!;
    expect(samplesFromV16([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [{ value: '1.5', unit: 'kWh' }, { value: '11', unit: 'kW', measurand: 'Power.Active.Import' }] }], T0)
      .map((x) => [x.value, x.unit])).toEqual([[1_500, 'Wh'], [11_000, 'W']]);
    expect([v201(12, 'Wh', 3).value, v201(12, 'Wh', 3).unit]).toEqual([12_000, 'Wh']);
    expect([v201(12, 'kWh', -1).value, v201(12, 'kWh', -1).unit]).toEqual([1_200, 'Wh']);
    expect(v201(12, 'Wh', -1).value).toBe(1.2);
    expect(withMultiplier(12, -1)).toBe(1.2);
    expect([v201(230, 'V').value, v201(230, 'V').unit, v201(230, 'V').raw]).toEqual([230, 'V', null]);
    expect(unitScale('MWh')).toEqual([1_000_000, 'Wh']);
    expect(unitScale(null)).toBeUndefined();
  });

  it('reads a 2.0.1 unit named like an object member as an unknown unit', () => {
    for (const unit of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const [s] = samplesFromV201([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [{ value: 42, unitOfMeasure: { unit } }] }], T0);
      expect([s!.value, s!.unit, s!.raw]).toEqual([42, unit, null]);
      expect(unitScale(unit)).toBeUndefined();
    }
  });

  it('scaling then counting gives the same energy in any unit', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (deltas) => {
      let wh = 1_000_000;
      const mv = deltas.map((d, i) => ({ timestamp: new Date(T0 + (i + 1) * MIN).toISOString(), wh: (wh += d) }));
      const inWh = samplesFromV16(mv.map((m) => ({ timestamp: m.timestamp, sampledValue: [{ value: String(m.wh), unit: 'Wh' }] })), T0);
      const inKwh = samplesFromV16(mv.map((m) => ({ timestamp: m.timestamp, sampledValue: [{ value: String(m.wh / 1000), unit: 'kWh' }] })), T0);
      const a = applyReadings(initialProgress(T0, 1_000_000), readingsOf(inWh)).energyWh;
      const b = applyReadings(initialProgress(T0, 1_000_000), readingsOf(inKwh)).energyWh;
      expect(b).toBeCloseTo(a, 3);
    }));
  });

  it('sums L1–L3 registers only when no total is reported', () => {
    const phased = samplesFromV16([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [
      { value: '100', phase: 'L1' }, { value: '200', phase: 'L2-N' }, { value: '300', phase: 'L3' }, { value: '999', phase: 'N' },
    ] }], T0);
    expect(pickValue(phased, 0, phased.length, 'Energy.Active.Import.Register')).toBe(600);
    const withTotal = samplesFromV16([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [
      { value: '100', phase: 'L1' }, { value: '200', phase: 'L2' }, { value: '300', phase: 'L3' }, { value: '650' },
    ] }], T0);
    expect(pickValue(withTotal, 0, withTotal.length, 'Energy.Active.Import.Register')).toBe(650);
  });

  it('prefers the outlet meter and never counts EV-side energy', () => {
    const s = samplesFromV16([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [
      { value: '900', location: 'Inlet' }, { value: '800', location: 'Outlet' }, { value: '55', measurand: 'SoC', location: 'EV', unit: 'Percent' },
    ] }], T0);
    expect(readingsOf(s)).toEqual([{ atMs: Date.parse('2026-03-01T10:05:00Z'), registerWh: 800, soc: 55 }]);
    const evOnly = samplesFromV16([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [{ value: '900', location: 'EV' }] }], T0);
    expect(readingsOf(evOnly)[0]!.registerWh).toBeUndefined();
  });

  it('parses 1.6 strings: defaults, decimal comma, signed and unparseable values', () => {
    const s = samplesFromV16([{ timestamp: 'not a time', sampledValue: [
      { value: '1,5', unit: 'kWh' }, { value: 'abc' }, { value: 'SIGNED==', format: 'SignedData' }, { value: '7.2', measurand: 'Power.Active.Import', unit: 'kW' },
    ] }], 42);
    expect(s.map((x) => [x.atMs, x.measurand, x.unit, x.value, x.raw])).toEqual([
      [42, 'Energy.Active.Import.Register', 'Wh', 1_500, '1,5 kWh'],
      [42, 'Energy.Active.Import.Register', 'Wh', null, 'abc'],
      [42, 'Energy.Active.Import.Register', 'Wh', null, 'SIGNED=='],
      [42, 'Power.Active.Import', 'W', 7_200, '7.2 kW'],
    ]);
  });

  it('parses 2.0.1 values with unitOfMeasure and keeps signed data', () => {
    const s = samplesFromV201([{ timestamp: '2026-03-01T10:05:00Z', sampledValue: [
      { value: 12.5, unitOfMeasure: { unit: 'kWh' }, signedMeterValue: { signedMeterData: 'x', signingMethod: 'm', encodingMethod: 'e', publicKey: 'k' } },
      { value: 11, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } },
      { value: 80, measurand: 'SoC' },
    ] }], T0);
    expect(s.map((x) => [x.measurand, x.unit, x.value, x.multiplier])).toEqual([
      ['Energy.Active.Import.Register', 'Wh', 12_500, null],
      ['Power.Active.Import', 'W', 11_000, 3],
      ['SoC', 'Percent', 80, null],
    ]);
    expect(s[0]!.signed).toMatchObject({ signedMeterData: 'x' });
  });
});

describe('copyProgress', () => {
  it('copies every field, so a session keeps one progress object for its whole life', () => {
    const from: Progress = { startWh: 100, lastRegisterWh: 5_100.5, energyWh: 5_000.5, lastAtMs: 2_000, startedAtMs: 1_000, powerW: 7_400.25, soc: 55.5, lifetimeStart: true };
    const into = initialProgress(0, null);
    copyProgress(into, from);
    expect(into).toEqual(from);
    expect(into).not.toBe(from);
  });
});

describe('power offered', () => {
  it('is read from the last reading that reports it', () => {
    const s = samplesFromV16([
      { timestamp: '2026-03-01T10:05:00Z', sampledValue: [{ value: '11', measurand: 'Power.Offered', unit: 'kW' }, { value: '100' }] },
      { timestamp: '2026-03-01T10:06:00Z', sampledValue: [{ value: '200' }] },
    ], T0);
    const readings = readingsOf(s);
    expect(readings.map((r) => r.offeredW)).toEqual([11_000, undefined]);
    expect(latestOfferedW(readings)).toBe(11_000);
    expect(latestOfferedW(readingsOf(s.slice(2)))).toBeUndefined();
  });
});
