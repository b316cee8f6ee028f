import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { serveRpc } from './ipc.js';
import { freePort, memorySnapshot, type MemorySnapshot } from './process-figures.js';
import { threadCpuS } from './proc-stat.js';
import { profileStart, profileStop } from './window-profiler.js';

/** How the driver wants the server run. */
export interface ServerArgs {
  messageLog: 'all' | 'none';
}

/** The server's own figures at one instant. */
export interface ServerSnapshot extends MemorySnapshot {
  cpuS: number;
  threads: { mainS: number; allS: number } | null;
  connections: number;
  batches: number;
  batchItems: number;
  batchMs: number;
  batchStepMs: Record<string, number>;
  /** The event loop's delay since the previous snapshot (ms): how long work waited behind other work. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Garbage-collection pauses since the previous snapshot: how many, their total and the longest (ms). */
  gcPauses: number;
  gcTotalMs: number;
  gcMaxMs: number;
}

/** The server's event-loop delay, read and reset at each snapshot. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** Garbage-collection pauses of the main thread, totalled and reset at each snapshot. */
const gc = { pauses: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.pauses++;
    gc.totalMs += e.duration;
    if (e.duration > gc.maxMs) gc.maxMs = e.duration;
  }
}).observe({ entryTypes: ['gc'] });

let server: RunningServer | undefined;
let dataDir: string | undefined;

/**
 * Runs the whole Chargewatch server (as `chargewatch serve` builds it) with its embedded PostgreSQL in a
 * temporary data directory, and answers the driver's questions about its CPU and memory.
 */
async function start(args: ServerArgs): Promise<{ ocppUrl: string; pgPid: number | null }> {
  dataDir = await mkdtemp(join(tmpdir(), 'chargewatch-bench-'));
  // The server's own CW_* settings may be given to the bench's environment (e.g. CW_BATCH_INTERVAL_MS=10);
  // where it runs and what it admits are the bench's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('CW_')));
  const config = loadConfig('serve', env, {
    dataDir, embeddedPgPort: await freePort(), host: '127.0.0.1', ocppPort: 0, httpPort: 0, logLevel: 'warn',
    unknownStations: 'accept', unknownTokens: 'accept', messageLog: args.messageLog, nodeId: 'bench',
  });
  server = await startServer(config);
  let pgPid: number | null = null;
  try {
    pgPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    pgPid = null;
  }
  return { ocppUrl: server.ocppUrl, pgPid };
}

async function snapshot(args: { gc?: boolean }): Promise<ServerSnapshot> {
  const s = server!;
  const cpu = process.cpuUsage();
  return {
    ...(await memorySnapshot(args.gc === true)),
    cpuS: (cpu.user + cpu.system) / 1e6,
    threads: threadCpuS(),
    connections: s.gateway.connectionCount,
    batches: s.committer.stats.batches,
    batchItems: s.committer.stats.items,
    batchMs: s.committer.stats.totalMs,
    batchStepMs: { ...s.committer.stats.stepMs },
    ...readLoopDelay(),
    ...readGc(),
  };
}

function readLoopDelay(): { loopDelayP99Ms: number; loopDelayMaxMs: number } {
  const figures = { loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100, loopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100 };
  loopDelay.reset();
  return figures;
}

function readGc(): { gcPauses: number; gcTotalMs: number; gcMaxMs: number } {
  const figures = { gcPauses: gc.pauses, gcTotalMs: Math.round(gc.totalMs * 10) / 10, gcMaxMs: Math.round(gc.maxMs * 10) / 10 };
  gc.pauses = 0;
  gc.totalMs = 0;
  gc.maxMs = 0;
  return figures;
}

/** Meter samples (readings) the server committed with a receive time in [fromMs, toMs). */
async function countSamples(args: { fromMs: number; toMs: number }): Promise<number> {
  const { rows } = await server!.database.pool.query<{ n: string }>(
    'select coalesce(sum(cardinality(vals)), 0) as n from meter_values where recorded_at >= $1 and recorded_at < $2',
    [new Date(args.fromMs), new Date(args.toMs)],
  );
  return Number(rows[0]!.n);
}

async function stop(): Promise<void> {
  await server?.stop();
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

serveRpc({ start, snapshot, countSamples, profileStart, profileStop, stop }, stop);
