import { describe, expect, it } from 'vitest';
import { runBench as bench } from '../src/test-kit/bench.js';

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const SERIES = ['requests', 'errors', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'reqPerS'];

// Tiny scale, real processes: the figures' presence is checked, never their values (timing belongs to the bench).
describe('api and sse-latency scenarios at tiny scale', () => {
  it('api prints latency per endpoint, start-up time and memory over a seeded fleet', async () => {
    const out = await bench(['api', '--stations', '300', '--requests', '5', '--parallel', '2']);
    expect(out.scenario).toBe('api');
    expect(out.stations).toBe(300);
    for (const key of ['connectors', 'activeSessions', 'completedSessions', 'seedS', 'startupS', 'liveViewLoadS', 'rssMB', 'heapUsedMB', 'rssEndMB', 'slowestP95Ms']) {
      expect(isNumber(out[key]), key).toBe(true);
    }
    expect(out.activeSessions as number).toBeGreaterThan(0);
    const endpoints = out.endpoints as Record<string, Record<string, unknown>>;
    expect(Object.keys(endpoints)).toEqual(expect.arrayContaining(['summary', 'stations', 'stationsByStatus', 'stationsFaulted', 'stationsSearch', 'stationsOfSite', 'stationsPage2']));
    for (const [name, e] of Object.entries(endpoints)) {
      for (const key of [...SERIES, 'cpuMsPerRequest', 'bytes']) expect(isNumber(e[key]), `${name}.${key}`).toBe(true);
      expect(e.errors, name).toBe(0);
      const parallel = e.parallel as Record<string, unknown>;
      for (const key of SERIES) expect(isNumber(parallel[key]), `${name}.parallel.${key}`).toBe(true);
    }
    expect(endpoints.stations!.matched).toBe(300);
    expect(typeof (out.targets as Record<string, unknown>).p95Under50Ms).toBe('boolean');
  }, 180_000);

  it('sse-latency prints status-to-event latency under MeterValues load', async () => {
    const out = await bench(['sse-latency', '--stations', '20', '--rate', '20', '--duration', '3', '--warmup', '1', '--clients', '1', '--probes', '4']);
    expect(out.scenario).toBe('sse-latency');
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'sent', 'matched', 'missing', 'ackP50Ms', 'ackP95Ms', 'ackP99Ms', 'afterAckP50Ms', 'afterAckP95Ms', 'afterAckP99Ms', 'sseReconnects', 'sseEventsPerS', 'sseKiBPerS', 'probeLoopDelayP99Ms', 'serverCpuCores', 'rssMB', 'windowS']) {
      expect(isNumber(out[key]), key).toBe(true);
    }
    expect(out.matched as number).toBeGreaterThan(0);
    expect(out.missing).toBe(0);
    // An unfiltered client gets the load's meter events too, not only the probes' statuses.
    expect(out.sseEventsPerS as number).toBeGreaterThan(out.matched as number / (out.windowS as number));
    const load = out.load as Record<string, unknown>;
    for (const key of ['msgsPerS', 'p50Ms', 'p99Ms', 'errors']) expect(isNumber(load[key]), `load.${key}`).toBe(true);
    expect(load.errors).toBe(0);
    expect(Object.keys(out.targets as object)).toEqual(['p95Under250Ms', 'loadAtLeast5000MsgsPerS']);
  }, 180_000);
});
