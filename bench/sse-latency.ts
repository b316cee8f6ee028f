import { ApiTarget } from './api-target.js';
import { BenchChild } from './ipc.js';
import { LatencyHistogram } from './latency.js';
import { LoadFleet } from './load-fleet.js';
import type { ProbeArgs, ProbeFigures } from './sse-probe.js';

/** Settings of the sse-latency scenario. */
export interface SseLatencyOptions {
  /** Load stations sending MeterValues. */
  stations: number;
  /** MeterValues per second over all load stations. */
  rate: number;
  durationS: number;
  warmupS: number;
  clients: number;
  concurrency: number;
  /** Probe stations, each reporting a status once a second. */
  probes: number;
  /** The SSE client's types filter; undefined for every event. */
  sseTypes?: string;
  messageLog: 'all' | 'none';
  cpuProfDir?: string;
  nodeFlags?: string[];
  log(line: string): void;
}

const PROBE_INTERVAL_MS = 1000;
/** After the window, how long events of statuses sent in it may still arrive before they count as missing. */
const GRACE_MS = 2000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

function percentiles(sparse: ProbeFigures['latency']): { p50Ms: number | null; p95Ms: number | null; p99Ms: number | null; maxMs: number } {
  const h = new LatencyHistogram();
  h.merge(sparse);
  return { p50Ms: h.percentile(0.5), p95Ms: h.percentile(0.95), p99Ms: h.percentile(0.99), maxMs: round(h.maxMs, 2) };
}

/**
 * The sse-latency benchmark: while the ingest load (the same load processes as `ingest`) sends MeterValues
 * at `rate`, probe stations report connector statuses and one SSE client on /api/events — in the probe's own
 * process, so send and receive are read from one monotonic clock — times each status to its
 * connector.status event.
 */
export async function sseLatency(o: SseLatencyOptions): Promise<Record<string, unknown>> {
  o.log('sse-latency: starting the server');
  const target = await ApiTarget.start({ messageLog: o.messageLog, cpuProfDir: o.cpuProfDir, nodeFlags: o.nodeFlags, log: o.log });
  const fleet = LoadFleet.start(o.stations, o.clients);
  const probe = BenchChild.start('sse probe', 'sse-probe');
  try {
    const setupStarted = Date.now();
    const connected = await fleet.connect({ url: target.info.ocppUrl, idPrefix: 'BENCH-', concurrency: o.concurrency, startTransactions: true });
    if (connected.booted < o.stations) throw new Error(`only ${connected.booted} of ${o.stations} stations started (${connected.firstFailures.join('; ')})`);
    o.log(`sse-latency: ${connected.booted} load stations booted with a transaction in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
    await probe.call('start', {
      ocppUrl: target.info.ocppUrl, httpUrl: target.info.httpUrl, authorization: target.info.authorization,
      probes: o.probes, intervalMs: PROBE_INTERVAL_MS, types: o.sseTypes,
    } satisfies ProbeArgs);
    await fleet.run(o.rate, o.stations);
    await sleep(o.warmupS * 1000);
    await target.profileStart();
    const before = await target.snapshot();
    await Promise.all([fleet.mark(), probe.call('mark')]);
    const fromMs = Date.now();
    await sleep(o.durationS * 1000);
    await probe.call('halt');
    const load = await fleet.collect();
    const after = await target.snapshot();
    const windowS = (Date.now() - fromMs) / 1000;
    await target.profileStop('sse-latency');
    await sleep(GRACE_MS);
    const p = await probe.call<ProbeFigures>('collect');
    await fleet.halt();
    const events = percentiles(p.latency);
    const acks = percentiles(p.ack);
    const lag = percentiles(p.afterAck);
    const pgCpuS = after.pgCpuS !== null && before.pgCpuS !== null ? after.pgCpuS - before.pgCpuS : null;
    const loadMsgsPerS = round(load.answered / windowS, 1);
    o.log(`sse-latency: ${p.matched}/${p.sent} status events, p50 ${events.p50Ms} ms, p95 ${events.p95Ms} ms, p99 ${events.p99Ms} ms; load ${loadMsgsPerS} msgs/s`);
    return {
      scenario: 'sse-latency',
      machine: 'shared 2-core machine: server, PostgreSQL, load clients and the probe compete for the same 2 cores',
      stations: o.stations, rate: o.rate, durationS: o.durationS, warmupS: o.warmupS, probes: o.probes, probeIntervalMs: PROBE_INTERVAL_MS,
      sseTypes: o.sseTypes ?? 'all', messageLog: o.messageLog,
      ...events,
      sent: p.sent, matched: p.matched, missing: p.missing, skipped: p.skipped,
      ackP50Ms: acks.p50Ms, ackP95Ms: acks.p95Ms, ackP99Ms: acks.p99Ms, ackErrors: p.ackErrors,
      afterAckP50Ms: lag.p50Ms, afterAckP95Ms: lag.p95Ms, afterAckP99Ms: lag.p99Ms,
      sseEventsPerS: round(p.sseEvents / p.windowS, 1), sseKiBPerS: round(p.sseBytes / 1024 / p.windowS, 1), sseReconnects: p.sseReconnects,
      probeCpuCores: round(p.cpuS / p.windowS), probeLoopDelayP99Ms: round(p.loopDelayP99Ms, 2), probeLoopDelayMaxMs: round(p.loopDelayMaxMs, 2),
      load: {
        msgsPerS: loadMsgsPerS, p50Ms: load.histogram.percentile(0.5), p99Ms: load.histogram.percentile(0.99), errors: load.errors, skipped: load.skipped,
        clientCpuCores: round(load.cpuS / windowS),
      },
      serverCpuCores: round((after.cpuS - before.cpuS) / windowS), pgCpuCores: pgCpuS === null ? null : round(pgCpuS / windowS),
      rssMB: round(after.rssBytes / 2 ** 20, 1), windowS: round(windowS, 2),
      targets: {
        p95Under250Ms: events.p95Ms !== null && events.p95Ms < 250 && p.missing === 0,
        loadAtLeast5000MsgsPerS: loadMsgsPerS >= 4950,
      },
    };
  } finally {
    await probe.stop(10_000).catch(() => probe.kill());
    await fleet.stop().catch(() => fleet.kill());
    await target.stop().catch(() => target.kill());
  }
}
