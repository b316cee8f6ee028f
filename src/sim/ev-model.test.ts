import { describe, expect, it } from 'vitest';
import { chargeEv, createEv, evAcceptW, evFull } from './ev-model.js';

/** A repeatable pseudo-random sequence. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

describe('EV battery model', () => {
  it('draws EVs within the documented ranges', () => {
    const random = seeded(7);
    for (let i = 0; i < 500; i++) {
      const ac = createEv(random, 'AC');
      expect(ac.capacityWh).toBeGreaterThanOrEqual(40_000);
      expect(ac.capacityWh).toBeLessThanOrEqual(100_000);
      expect(ac.soc).toBeGreaterThanOrEqual(10);
      expect(ac.soc).toBeLessThanOrEqual(60);
      expect(ac.targetSoc).toBeGreaterThanOrEqual(80);
      expect(ac.maxPowerW).toBeLessThanOrEqual(22_000);
      const dc = createEv(random, 'DC');
      expect(dc.maxPowerW).toBeGreaterThanOrEqual(50_000);
    }
  });

  it('accepts full power up to 80 % and tapers linearly to 10-20 % at 100 %', () => {
    const ev = { capacityWh: 60_000, soc: 50, targetSoc: 100, maxPowerW: 100_000, taperFloor: 0.15, departAfterS: 0 };
    expect(evAcceptW(ev)).toBe(100_000);
    ev.soc = 90;
    expect(evAcceptW(ev)).toBeCloseTo(57_500);
    ev.soc = 99.99;
    expect(evAcceptW(ev)).toBeGreaterThan(15_000 - 100);
    expect(evAcceptW(ev)).toBeLessThan(20_000);
    ev.soc = 100;
    expect(evAcceptW(ev)).toBe(0);
  });

  it('charges with the grid limit applied, SoC rising until the target', () => {
    const ev = { capacityWh: 50_000, soc: 75, targetSoc: 95, maxPowerW: 150_000, taperFloor: 0.1, departAfterS: 0 };
    const a = chargeEv(ev, 50_000, 60);
    expect(a.energyWh).toBeCloseTo((50_000 * 60) / 3_600, 0);
    let soc = ev.soc;
    let lastPower = Infinity;
    for (let i = 0; i < 200 && !evFull(ev); i++) {
      const step = chargeEv(ev, 50_000, 60);
      expect(ev.soc).toBeGreaterThanOrEqual(soc);
      expect(step.powerW).toBeLessThanOrEqual(Math.min(lastPower, 50_000) + 1e-6);
      soc = ev.soc;
      lastPower = step.powerW > 0 ? step.powerW : lastPower;
    }
    expect(evFull(ev)).toBe(true);
    expect(chargeEv(ev, 50_000, 60)).toEqual({ energyWh: 0, powerW: 0 });
  });
});
