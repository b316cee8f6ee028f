import { loadavg } from 'node:os';
import { ApiTarget } from './api-target.js';
import type { DetectionProbeArgs, DetectionProbeFigures, Samples } from './detection-probe.js';
import { BenchChild } from './ipc.js';
import { LoadFleet } from './load-fleet.js';

/** Settings of the detection scenario. */
export interface DetectionOptions {
  /** Background load stations sending MeterValues; 0 for none. */
  stations: number;
  /** MeterValues per second over all load stations. */
  rate: number;
  durationS: number;
  warmupS: number;
  clients: number;
  concurrency: number;
  /** Stations that report a fault and clear it, one after the other. */
  faultProbes: number;
  /** Stations that go silent and come back, each on its own. */
  offlineProbes: number;
  /** The server's WebSocket ping interval, seconds. */
  pingIntervalS: number;
  messageLog: 'all' | 'none';
  cpuProfDir?: string;
  nodeFlags?: string[];
  log(line: string): void;
}

/** Target: a fault is an incident on the live stream within 5 s (p95). */
const FAULT_TARGET_MS = 5000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentiles of a few hundred samples at most (exact; a fixed histogram tops out at 10 s). */
function stats(ms: number[]): { samples: number; minMs: number | null; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; maxMs: number | null } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? null : round(sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!, 1));
  return { samples: sorted.length, minMs: sorted.length === 0 ? null : round(sorted[0]!, 1), p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

const figures = (s: Samples) => ({ ...stats(s.ms), missing: s.missing });

/**
 * The detection-latency benchmark: while optional background load sends MeterValues, probe stations in one
 * child process (which also reads the live stream, so every duration comes from one monotonic clock) report
 * connector faults and go silent, and time each to its incident.opened on /api/events, then each recovery
 * to its incident.resolved.
 */
export async function detection(o: DetectionOptions): Promise<Record<string, unknown>> {
  o.log(`detection: starting the server (ping interval ${o.pingIntervalS} s)`);
  const target = await ApiTarget.start({ messageLog: o.messageLog, pingIntervalS: o.pingIntervalS, cpuProfDir: o.cpuProfDir, nodeFlags: o.nodeFlags, log: o.log });
  const fleet = o.stations > 0 ? LoadFleet.start(o.stations, o.clients) : undefined;
  const probe = BenchChild.start('detection probe', 'detection-probe');
  try {
    if (fleet) {
      const setupStarted = Date.now();
      const connected = await fleet.connect({ url: target.info.ocppUrl, idPrefix: 'BENCH-', concurrency: o.concurrency, startTransactions: true });
      if (connected.booted < o.stations) throw new Error(`only ${connected.booted} of ${o.stations} stations started (${connected.firstFailures.join('; ')})`);
      o.log(`detection: ${connected.booted} load stations booted with a transaction in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
    }
    const pingIntervalMs = o.pingIntervalS * 1000;
    await probe.call('start', {
      ocppUrl: target.info.ocppUrl, httpUrl: target.info.httpUrl, authorization: target.info.authorization,
      faultProbes: o.faultProbes, offlineProbes: o.offlineProbes, pingIntervalMs,
    } satisfies DetectionProbeArgs);
    await fleet?.run(o.rate, o.stations);
    await sleep(o.warmupS * 1000);
    await target.profileStart();
    const before = await target.snapshot();
    const loadAvgStart = loadavg()[0]!;
    await Promise.all([fleet?.mark(), probe.call('mark')]);
    const fromMs = Date.now();
    await sleep(o.durationS * 1000);
    const load = await fleet?.collect();
    const after = await target.snapshot();
    const loadAvgEnd = loadavg()[0]!;
    const windowS = (Date.now() - fromMs) / 1000;
    await target.profileStop('detection');
    o.log('detection: window over, waiting for the cycles under way');
    // Cycles started in the window run to their end (an offline one can take 3 ping intervals and a reconnect).
    await probe.call('halt');
    const p = await probe.call<DetectionProbeFigures>('collect');
    await fleet?.halt();
    const faultToOpened = figures(p.faultToOpened);
    const offlineToOpened = figures(p.offlineToOpened);
    const limitMs = 2 * pingIntervalMs;
    const ack = stats(p.faultAckMs);
    const lastSign = stats(p.lastSignToOpenedMs);
    const pgCpuS = after.pgCpuS !== null && before.pgCpuS !== null ? after.pgCpuS - before.pgCpuS : null;
    o.log(`detection: fault → opened p50 ${faultToOpened.p50Ms} ms, p95 ${faultToOpened.p95Ms} ms (${faultToOpened.samples}, ${faultToOpened.missing} missing); `
      + `offline → opened p50 ${offlineToOpened.p50Ms} ms, max ${offlineToOpened.maxMs} ms (${offlineToOpened.samples}, ${offlineToOpened.missing} missing; limit ${limitMs} ms)`);
    return {
      scenario: 'detection',
      machine: 'shared 2-core machine: server, PostgreSQL, load clients and the probe compete for the same 2 cores',
      stations: o.stations, rate: fleet ? o.rate : 0, durationS: o.durationS, warmupS: o.warmupS, faultProbes: o.faultProbes, offlineProbes: o.offlineProbes,
      pingIntervalS: o.pingIntervalS, messageLog: o.messageLog,
      faultToOpened, clearToResolved: figures(p.clearToResolved),
      faultAck: { p50Ms: ack.p50Ms, p95Ms: ack.p95Ms, p99Ms: ack.p99Ms, errors: p.ackErrors },
      offlineToOpened, reconnectToResolved: figures(p.reconnectToResolved),
      offlineLastSignToOpened: { minMs: lastSign.minMs, p50Ms: lastSign.p50Ms, maxMs: lastSign.maxMs },
      offlineLimitMs: limitMs,
      callsAnswered: p.callsAnswered, probeErrors: p.errors, sseReconnects: p.sseReconnects, probeLoopDelayP99Ms: round(p.loopDelayP99Ms, 2),
      load: load
        ? {
          msgsPerS: round(load.answered / windowS, 1), p50Ms: load.histogram.percentile(0.5), p99Ms: load.histogram.percentile(0.99), errors: load.errors, skipped: load.skipped,
          clientCpuCores: round(load.cpuS / windowS),
        }
        : null,
      serverCpuCores: round((after.cpuS - before.cpuS) / windowS), pgCpuCores: pgCpuS === null ? null : round(pgCpuS / windowS),
      rssMB: round(after.rssBytes / 2 ** 20, 1), loadAvg1mStart: round(loadAvgStart, 2), loadAvg1m: round(loadAvgEnd, 2), windowS: round(windowS, 2),
      targets: {
        faultToIncidentP95Under5s: faultToOpened.p95Ms !== null && faultToOpened.p95Ms < FAULT_TARGET_MS && faultToOpened.missing === 0,
        offlineWithin2PingIntervals: offlineToOpened.maxMs !== null && offlineToOpened.maxMs <= limitMs && offlineToOpened.missing === 0,
      },
    };
  } finally {
    await probe.stop(10_000).catch(() => probe.kill());
    await fleet?.stop().catch(() => fleet.kill());
    await target.stop().catch(() => target.kill());
  }
}
