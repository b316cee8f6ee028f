import { describe, expect, it } from 'vitest';
import type { SessionProgressView } from '../api/types.js';
import { etaLines, whenText } from './eta-text.js';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const progress = (eta: SessionProgressView['eta'], extra: Partial<SessionProgressView> = {}): SessionProgressView => ({
  asOf: at(0), powerW: 11_000, energyWh: 5_000, averagePowerW: 10_000, peakPowerW: 11_000, elapsedS: 1_800, chargingS: 1_800, idleS: 0,
  soc: 50, targetSoc: null, energyRequestedWh: null, departureTime: null, eta, ...extra,
});

describe('etaLines', () => {
  it('tells when full and how long until then', () => {
    expect(whenText(at(38), NOW)).toMatch(/, in 38 min$/);
    expect(whenText(at(76), NOW)).toMatch(/, in 1 h 16 min$/);
    expect(etaLines(progress({ toFull: at(90), method: 'soc-slope' }), NOW)).toEqual([`Full at ${whenText(at(90), NOW)}`]);
  });

  it('puts the target first, and says when it is reached', () => {
    const lines = etaLines(progress({ toFull: at(120), toTarget: at(0), method: 'soc-slope' }, { targetSoc: 80 }), NOW);
    expect(lines[0]).toBe('Target 80 % reached');
    expect(lines[1]).toMatch(/^Full at /);
  });

  it('says why it cannot estimate', () => {
    expect(etaLines(progress({ toFull: null, method: 'unavailable', reason: 'no SoC reported' }, { soc: null }), NOW)).toEqual(['Cannot estimate: no SoC reported']);
    expect(etaLines(progress({ toFull: null, toTarget: at(60), method: 'energy-requested' }, { soc: null }), NOW)[0]).toMatch(/^Requested energy at /);
  });

  it('counts from the reading time when the station clock is ahead', () => {
    expect(etaLines(progress({ toFull: at(70), method: 'soc-slope' }, { asOf: at(60) }), NOW)[0]).toMatch(/in 10 min$/);
  });
});
