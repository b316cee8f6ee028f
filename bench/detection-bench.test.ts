import { describe, expect, it } from 'vitest';
import { runBench as bench } from '../src/test-kit/bench.js';

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const LATENCY = ['samples', 'missing', 'minMs', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs'];

// Tiny scale, real processes: the figures' presence is checked, never their values (timing belongs to the bench).
describe('detection scenario at tiny scale', () => {
  it('times faults and silent stations to their incidents on the live stream, and back to resolved', async () => {
    const out = await bench([
      'detection', '--stations', '10', '--rate', '10', '--clients', '1', '--duration', '5', '--warmup', '1',
      '--fault-probes', '2', '--offline-probes', '2', '--ping-interval', '0.5',
    ]);
    expect(out).toMatchObject({ scenario: 'detection', faultProbes: 2, offlineProbes: 2, pingIntervalS: 0.5, offlineLimitMs: 1000, probeErrors: [] });
    for (const name of ['faultToOpened', 'clearToResolved', 'offlineToOpened', 'reconnectToResolved']) {
      const figures = out[name] as Record<string, unknown>;
      for (const key of LATENCY) expect(isNumber(figures[key]), `${name}.${key}`).toBe(true);
      // Every cycle started in the window found its event: the incidents were opened and resolved for real.
      expect(figures.samples as number, name).toBeGreaterThan(0);
      expect(figures.missing, name).toBe(0);
    }
    const ack = out.faultAck as Record<string, unknown>;
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms']) expect(isNumber(ack[key]), `faultAck.${key}`).toBe(true);
    expect(ack.errors).toBe(0);
    expect(isNumber((out.offlineLastSignToOpened as Record<string, unknown>).p50Ms)).toBe(true);
    const load = out.load as Record<string, unknown>;
    for (const key of ['msgsPerS', 'p50Ms', 'p99Ms', 'errors']) expect(isNumber(load[key]), `load.${key}`).toBe(true);
    expect(load.errors).toBe(0);
    for (const key of ['serverCpuCores', 'rssMB', 'loadAvg1m', 'windowS', 'probeLoopDelayP99Ms', 'sseReconnects']) expect(isNumber(out[key]), key).toBe(true);
    expect(Object.keys(out.targets as object)).toEqual(['faultToIncidentP95Under5s', 'offlineWithin2PingIntervals']);
  }, 180_000);
});
