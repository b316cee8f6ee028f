import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../bus/bus.js';
import { ProgressTracker } from './progress-tracker.js';
import { REASONS } from './session-estimate.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const started = (id: number, minutes = 0): DomainEvent => ({ type: 'session.started', at: iso(minutes), stationId: 'S', sessionId: id, data: { startedAt: iso(minutes), energyWh: 0 } });
/** A meter.sample at `minutes` (reading and server time alike), as the session writer publishes it. */
const sample = (id: number, minutes: number, energyWh: number, powerW: number | null, soc: number | null, serverMinutes = minutes): DomainEvent => ({
  type: 'meter.sample', at: iso(serverMinutes), stationId: 'S', sessionId: id, data: { sessionId: id, energyWh, powerW, soc, at: iso(minutes) },
});

describe('ProgressTracker', () => {
  it('keeps energy, power, peak, average, charging and idle time, and estimates time to full', () => {
    const t = new ProgressTracker();
    t.apply(started(1));
    // 11 kW for 60 min from 20 % (0.002 %/Wh), then the EV stops drawing for 30 min.
    for (let m = 1; m <= 60; m++) t.apply(sample(1, m, (11_000 * m) / 60, m === 30 ? 11_500 : 11_000, 20 + (22 * m) / 60));
    t.apply(sample(1, 90, 11_000, 0, 42));
    const p = t.view(1, T0 + 100 * 60_000)!;
    expect(p).toMatchObject({ energyWh: 11_000, powerW: 0, peakPowerW: 11_500, soc: 42, elapsedS: 6_000, chargingS: 3_600, idleS: 2_400, targetSoc: null, departureTime: null, asOf: iso(90) });
    expect(p.averagePowerW).toBeCloseTo(11_000, 6);
    expect(p.eta).toEqual({ toFull: null, method: 'unavailable', reason: REASONS.notCharging });

    t.apply(sample(1, 91, 11_000 + 11_000 / 60, 11_000, 42 + 22 / 60));
    const charging = t.view(1, T0 + 91 * 60_000)!;
    expect(charging.eta.method).toBe('soc-slope');
    // 42.4 → 80 % at 22 %/h, then the taper: about 3.8 h
    const hours = (Date.parse(charging.eta.toFull!) - (T0 + 91 * 60_000)) / 3_600_000;
    expect(hours).toBeGreaterThan(3.6);
    expect(hours).toBeLessThan(4);
    expect(charging.eta.toTarget).toBeUndefined();
  });

  it('publishes session.progress on the first sample, then at most every interval per session', () => {
    const t = new ProgressTracker(5_000);
    t.apply(started(2));
    const first = t.apply(sample(2, 1, 100, 6_000, null));
    expect(first).toMatchObject({ type: 'session.progress', sessionId: 2, stationId: 'S', data: { sessionId: 2, energyWh: 100, powerW: 6_000 } });
    expect(t.apply(sample(2, 2, 200, 6_000, null, 1.05))).toBeUndefined();
    expect(t.apply(sample(2, 3, 300, 6_000, null, 1 + 5 / 60))?.data).toMatchObject({ energyWh: 300 });
    expect(t.apply(sample(99, 3, 300, 6_000, null))).toBeUndefined();
  });

  it('takes the EV\'s needs (and publishes at once), giving a time to target and the SoC at departure', () => {
    const t = new ProgressTracker();
    t.apply(started(3));
    for (let m = 1; m <= 30; m++) t.apply(sample(3, m, 1_000 * m, 60_000, 30 + m));
    const needs = t.apply({ type: 'session.needs', at: iso(30), stationId: 'S', sessionId: 3, data: { targetSoc: 80, evMaxPowerW: 60_000, departureTime: iso(60), energyRequestedWh: null, capacityWh: null } });
    expect(needs?.data).toMatchObject({ targetSoc: 80, departureTime: iso(60), eta: { method: 'soc-slope' } });
    const p = t.view(3, T0 + 30 * 60_000)!;
    // 60 → 80 % at 1 %/min
    expect(Date.parse(p.eta.toTarget!) - (T0 + 30 * 60_000)).toBeCloseTo(20 * 60_000, -3);
    expect(p.eta.socAtDeparture).toBe(80);
  });

  it('keeps the estimate within a few % when SoC is reported in whole %, wherever the rounding falls', () => {
    for (let offset = 0; offset < 1; offset += 0.05) {
      const t = new ProgressTracker();
      t.apply(started(7));
      // True SoC 20 % + offset, 22 %/h at 11 kW (0.002 %/Wh), reported rounded down to whole %.
      const trueSoc = (m: number) => 20 + offset + (22 * m) / 60;
      for (let m = 1; m <= 20; m++) t.apply(sample(7, m, (11_000 * m) / 60, 11_000, Math.floor(trueSoc(m))));
      t.apply({ type: 'session.needs', at: iso(20), stationId: 'S', sessionId: 7, data: { targetSoc: 70 } });
      const p = t.view(7, T0 + 20 * 60_000)!;
      const trueHours = (70 - trueSoc(20)) / 22;
      const hours = (Date.parse(p.eta.toTarget!) - (T0 + 20 * 60_000)) / 3_600_000;
      // Measured from the first reading instead of between SoC changes, this is up to 19 % off.
      expect(Math.abs(hours - trueHours) / trueHours).toBeLessThan(0.08);
    }
  });

  it('follows the taper the EV has shown once its power leaves the plateau above 80 %', () => {
    const t = new ProgressTracker();
    t.apply(started(8));
    // 0.002 %/Wh; 11 kW up to 84 %, then 500 W less per % (3 kW at 100 %).
    const powerAt = (soc: number) => (soc <= 84 ? 11_000 : 11_000 - 500 * (soc - 84));
    let hours = 0;
    for (let soc = 21; soc <= 95; soc++) {
      hours += 1 / (0.002 * powerAt(soc - 0.5));
      t.apply(sample(8, hours * 60, (soc - 20) / 0.002, powerAt(soc), soc));
    }
    const p = t.view(8, T0 + hours * 3_600_000)!;
    const left = (Date.parse(p.eta.toFull!) - Date.parse(p.asOf)) / 3_600_000;
    expect(left).toBeCloseTo(Math.log(powerAt(95) / powerAt(100)) / (0.002 * 500), 2);
  });

  it('works out power from the energy register when none is reported, and says when there is no SoC', () => {
    const t = new ProgressTracker();
    t.apply(started(4));
    t.apply(sample(4, 10, 1_000, null, null));
    t.apply(sample(4, 20, 2_200, null, null));
    expect(t.view(4, T0 + 20 * 60_000)).toMatchObject({ powerW: 7_200, peakPowerW: 7_200, chargingS: 1_200, eta: { method: 'unavailable', reason: REASONS.noSoc } });
  });

  it('forgets a session when it stops, and ignores readings older than the newest', () => {
    const t = new ProgressTracker();
    t.apply(started(5));
    t.apply(sample(5, 10, 1_000, 6_000, 50));
    expect(t.apply(sample(5, 5, 500, 9_000, 40))).toBeUndefined();
    expect(t.view(5, T0 + 10 * 60_000)).toMatchObject({ energyWh: 1_000, peakPowerW: 6_000, soc: 50 });
    t.apply({ type: 'session.stopped', at: iso(11), stationId: 'S', sessionId: 5, data: {} });
    expect(t.view(5, T0)).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('continues from a seed after a restart', () => {
    const t = new ProgressTracker();
    t.seed({
      id: 6, stationId: 'S', startedAtMs: T0, energyWh: 5_000, powerW: 10_000, soc: 50, lastAtMs: T0 + 40 * 60_000, peakPowerW: 10_500, chargingMs: 30 * 60_000,
      firstSoc: { atMs: T0, soc: 40, energyWh: 0, chargingMs: 0 }, needs: null,
    });
    const p = t.view(6, T0 + 40 * 60_000)!;
    expect(p).toMatchObject({ energyWh: 5_000, peakPowerW: 10_500, chargingS: 1_800, idleS: 600, averagePowerW: 10_000, eta: { method: 'soc-slope' } });
  });
});
