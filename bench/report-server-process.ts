import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { serveRpc } from './ipc.js';
import { freePort, ownCpuS } from './process-figures.js';
import { hasProc, treeCpu } from './proc-stat.js';
import { seedReportSessions, type ReportSeed } from './report-seed.js';

let server: RunningServer | undefined;
let dataDir: string | undefined;
let pgPid: number | null = null;
let watch: { timer: NodeJS.Timeout; peak: number; start: number; cpuS: number; pgCpuS: number | null } | undefined;

const MB = 2 ** 20;

/** Runs the whole server (as `chargewatch serve` builds it) over a fresh embedded PostgreSQL; returns its HTTP address and an API token. */
async function start(): Promise<{ httpUrl: string; authorization: string }> {
  dataDir = await mkdtemp(join(tmpdir(), 'chargewatch-bench-report-'));
  const config = loadConfig('serve', {}, {
    dataDir, embeddedPgPort: await freePort(), host: '127.0.0.1', ocppPort: 0, httpPort: 0, logLevel: 'warn', nodeId: 'bench-report',
  });
  server = await startServer(config);
  try {
    pgPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    pgPid = null;
  }
  const token = await server.services.accounts.apiTokens.create({ name: 'report bench', role: 'viewer' }, null);
  return { httpUrl: server.httpUrl, authorization: `Bearer ${token.token}` };
}

/** Seeds the history the exports read; returns how long it took. */
async function seed(args: Omit<ReportSeed, 'from'> & { from: string }): Promise<{ seconds: number }> {
  const started = performance.now();
  await seedReportSessions(server!.database.pool, { ...args, from: new Date(args.from) });
  return { seconds: (performance.now() - started) / 1000 };
}

const pgCpuS = (): number | null => (pgPid !== null && hasProc() ? treeCpu(pgPid).cpuS : null);

/** Starts sampling this process's RSS every 20 ms (after a collection, when --expose-gc allows) and counting CPU. */
function watchStart(): { rssMB: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage.rss();
  watch = { peak: rss, start: rss, cpuS: ownCpuS(), pgCpuS: pgCpuS(), timer: setInterval(() => { watch!.peak = Math.max(watch!.peak, process.memoryUsage.rss()); }, 20) };
  return { rssMB: rss / MB };
}

/** Stops sampling; the highest RSS seen, where it started, and the CPU seconds of this process and of PostgreSQL since. */
function watchStop(): { peakRssMB: number; startRssMB: number; endRssMB: number; cpuS: number; pgCpuS: number | null } {
  const w = watch!;
  clearInterval(w.timer);
  watch = undefined;
  const pg = pgCpuS();
  return {
    peakRssMB: Math.max(w.peak, process.memoryUsage.rss()) / MB, startRssMB: w.start / MB, endRssMB: process.memoryUsage.rss() / MB,
    cpuS: ownCpuS() - w.cpuS, pgCpuS: pg !== null && w.pgCpuS !== null ? pg - w.pgCpuS : null,
  };
}

async function stop(): Promise<void> {
  if (watch) clearInterval(watch.timer);
  await server?.stop();
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

serveRpc({ start, seed, watchStart, watchStop, stop });
