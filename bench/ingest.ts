import { loadavg } from 'node:os';
import type { LoadKind } from './load-client.js';
import { LoadFleet } from './load-fleet.js';
import { Target, type TargetKind, type TargetOptions, type TargetSnapshot } from './target.js';

/** Settings of the ingest scenario. */
export interface IngestOptions extends TargetOptions {
  stations: number;
  /** MeterValues per second over all stations. */
  rate: number;
  /** Measured seconds (after the warm-up). */
  durationS: number;
  warmupS: number;
  /** Load processes (at least; more when the stations need more sockets than one process may open). */
  clients: number;
  /** Stations connecting at once per load process. */
  concurrency: number;
  baseline: boolean;
  load: LoadKind;
  log(line: string): void;
}

/** Figures of one target under the ingest load. */
export interface IngestFigures {
  msgsPerS: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number;
  errors: number;
  /** Turns a station skipped because its previous message was still unanswered (the target fell behind). */
  skipped: number;
  cpuSPer1000: number;
  msgsPerCpuS: number;
  cpuCores: number;
  /** The share of the target's CPU spent by its main thread (null without /proc); the rest went to helper threads (mostly V8's garbage collection). */
  mainThreadShare: number | null;
  rssMB: number;
  clientCpuSPer1000: number;
  clientCpuCores: number;
  pgCpuSPer1000: number | null;
  pgCpuCores: number | null;
  /** Meter samples (readings) committed per second (server only). */
  rowsPerS: number | null;
  windowS: number;
  /** The server's batch commits over the window: per second, rows and milliseconds each, and each step's share of the time. */
  batches: BatchFigures | null;
  /** The server's event-loop delay over the window, p99 and max (ms; the monitor's 10 ms resolution included). */
  loopDelay: { p99Ms: number; maxMs: number } | null;
  /** The server's garbage-collection pauses over the window: per second, share of the window, the longest (ms). */
  gc: { pausesPerS: number; share: number; maxMs: number } | null;
  /** The machine's 1-minute load average at the end of the window: how much else wanted the 2 cores. */
  loadAvg1m: number;
}

/** Batch commits over a window. */
interface BatchFigures {
  perS: number;
  avgItems: number;
  avgMs: number;
  busyShare: number;
  stepMsPerBatch: Record<string, number>;
}

function batchFigures(before: TargetSnapshot, after: TargetSnapshot, windowS: number): BatchFigures | null {
  if (after.batches === undefined || before.batches === undefined) return null;
  const n = Math.max(1, after.batches - before.batches);
  const ms = (after.batchMs ?? 0) - (before.batchMs ?? 0);
  const steps: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.batchStepMs ?? {})) steps[k] = round((v - (before.batchStepMs?.[k] ?? 0)) / n, 2);
  return {
    perS: round(n / windowS, 1),
    avgItems: Math.round(((after.batchItems ?? 0) - (before.batchItems ?? 0)) / n),
    avgMs: round(ms / n, 2),
    busyShare: round(ms / (windowS * 1000)),
    stepMsPerBatch: steps,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The main thread's share of the target's CPU over the window (from /proc); null without /proc or CPU. */
function mainThreadShare(before: TargetSnapshot, after: TargetSnapshot): number | null {
  if (!before.threads || !after.threads) return null;
  const all = after.threads.allS - before.threads.allS;
  return all > 0 ? round((after.threads.mainS - before.threads.mainS) / all) : null;
}

/** Runs the load against one target: connect and boot, start transactions, warm up, then measure a window. */
async function measure(kind: TargetKind, o: IngestOptions): Promise<IngestFigures> {
  o.log(`ingest: starting ${kind}`);
  const target = await Target.start(kind, o);
  const fleet = LoadFleet.start(o.stations, o.clients);
  try {
    const setupStarted = Date.now();
    const connected = await fleet.connect({ load: o.load, url: target.ocppUrl, idPrefix: 'BENCH-', concurrency: o.concurrency, startTransactions: true, ratePerS: o.rate });
    o.log(`ingest: ${kind}: ${connected.booted}/${o.stations} stations booted with a transaction in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s over ${fleet.processes} load processes`);
    if (connected.booted < o.stations) throw new Error(`${kind}: only ${connected.booted} of ${o.stations} stations started (${connected.firstFailures.join('; ')})`);
    await fleet.run(o.rate, o.stations);
    await sleep(o.warmupS * 1000);
    await target.profileStart();
    const before = await target.snapshot();
    await fleet.mark();
    const fromMs = Date.now();
    await sleep(o.durationS * 1000);
    const load = await fleet.collect();
    const after = await target.snapshot();
    const toMs = Date.now();
    await target.profileStop('ingest');
    await fleet.halt();
    const windowS = (toMs - fromMs) / 1000;
    const rows = kind === 'server' ? await target.countSamples(fromMs, toMs) : null;
    const msgs = Math.max(1, load.answered);
    const cpuS = after.cpuS - before.cpuS;
    const pgCpuS = after.pgCpuS !== null && before.pgCpuS !== null ? after.pgCpuS - before.pgCpuS : null;
    o.log(`ingest: ${kind}: ${load.answered} answers in ${windowS.toFixed(1)} s`);
    return {
      msgsPerS: round(load.answered / windowS, 1),
      p50Ms: load.histogram.percentile(0.5),
      p99Ms: load.histogram.percentile(0.99),
      maxMs: round(load.histogram.maxMs, 2),
      errors: load.errors,
      skipped: load.skipped,
      cpuSPer1000: round((cpuS * 1000) / msgs, 4),
      msgsPerCpuS: Math.round(msgs / Math.max(cpuS, 1e-9)),
      cpuCores: round(cpuS / windowS),
      mainThreadShare: mainThreadShare(before, after),
      rssMB: round(after.rssBytes / 2 ** 20, 1),
      clientCpuSPer1000: round((load.cpuS * 1000) / msgs, 4),
      clientCpuCores: round(load.cpuS / windowS),
      pgCpuSPer1000: pgCpuS === null ? null : round((pgCpuS * 1000) / msgs, 4),
      pgCpuCores: pgCpuS === null ? null : round(pgCpuS / windowS),
      rowsPerS: rows === null ? null : Math.round(rows / windowS),
      windowS: round(windowS, 2),
      batches: batchFigures(before, after, windowS),
      loopDelay: after.loopDelayP99Ms === undefined ? null : { p99Ms: after.loopDelayP99Ms, maxMs: after.loopDelayMaxMs ?? 0 },
      gc: after.gcPauses === undefined ? null : { pausesPerS: round(after.gcPauses / windowS, 1), share: round((after.gcTotalMs ?? 0) / 1000 / windowS, 3), maxMs: after.gcMaxMs ?? 0 },
      loadAvg1m: round(loadavg()[0]!, 2),
    };
  } finally {
    await fleet.stop().catch(() => fleet.kill());
    await target.stop().catch(() => target.kill());
  }
}

/**
 * The ingest benchmark: N stations, each with a running transaction, send MeterValues (1.6 and 2.0.1
 * mixed) at a paced total rate; the same load runs against the plain-`ws` baseline and then the server.
 */
export async function ingest(o: IngestOptions): Promise<Record<string, unknown>> {
  const baseline = o.baseline ? await measure('baseline', o) : undefined;
  const server = await measure('server', o);
  const msgsPerCpuSWithPg = server.pgCpuSPer1000 === null ? null : Math.round(1000 / (server.cpuSPer1000 + server.pgCpuSPer1000));
  return {
    scenario: 'ingest',
    machine: 'shared 2-core machine: server, PostgreSQL and load clients compete for the same 2 cores',
    stations: o.stations, rate: o.rate, durationS: o.durationS, warmupS: o.warmupS, messageLog: o.messageLog, load: o.load,
    ...server,
    msgsPerCpuSWithPg,
    targets: {
      p99Under100Ms: server.p99Ms !== null && server.p99Ms < 100,
      atLeast5000MsgsPerS: server.msgsPerS >= 4950,
      atLeast20000MsgsPerServerCpuS: server.msgsPerCpuS >= 20_000,
    },
    baseline: baseline ?? null,
    vsBaseline: baseline ? { cpuPerMsg: round(server.cpuSPer1000 / Math.max(baseline.cpuSPer1000, 1e-9), 2), p99: baseline.p99Ms ? round((server.p99Ms ?? 0) / baseline.p99Ms, 2) : null } : null,
  };
}
