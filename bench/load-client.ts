import type { Fleet } from '../src/sim/index.js';
import { BenchStation } from './bench-station.js';
import { serveRpc } from './ipc.js';
import { LatencyHistogram, type SparseHistogram } from './latency.js';
import { startSimLoad } from './sim-load.js';

/** What makes the load: the station simulator, or lean stations that send exactly MeterValues. */
export type LoadKind = 'sim' | 'lean';

/** Which stations this load process runs and where they connect. */
export interface ConnectArgs {
  load: LoadKind;
  url: string;
  idPrefix: string;
  firstIndex: number;
  count: number;
  /** Source addresses to spread sockets over, round robin (127.0.0.x). */
  localAddresses: string[];
  /** Stations connecting and booting (lean) or starting a transaction (sim) at the same time; sim: new connections per second ÷ 2. */
  concurrency: number;
  startTransactions: boolean;
  /** This process's share of the total message rate; the simulator derives its meter interval from it. */
  ratePerS: number;
}

/** What this process measured since the last `mark`. */
export interface ClientFigures {
  sent: number;
  answered: number;
  errors: number;
  /** Turns skipped because the station's previous message was still unanswered (lean load only). */
  skipped: number;
  histogram: SparseHistogram;
  cpuS: number;
  rssBytes: number;
  windowS: number;
}

/** How often the lean pacer wakes up; each wake-up sends what the rate says is due by now. */
const PACE_MS = 5;

const stations: BenchStation[] = [];
let fleet: Fleet | undefined;
const histogram = new LatencyHistogram();
const counts = { sent: 0, answered: 0, errors: 0, skipped: 0 };
let markCpu = process.cpuUsage();
let markAt = performance.now();
let pacer: NodeJS.Timeout | undefined;

const sink = {
  answered(ms: number, ok: boolean): void {
    counts.answered++;
    if (ok) histogram.record(ms);
    else counts.errors++;
  },
};

async function connectLean(args: ConnectArgs): Promise<{ booted: number; failed: number; firstFailures: string[] }> {
  const firstFailures: string[] = [];
  let failed = 0;
  let next = 0;
  const width = Math.max(4, String(args.firstIndex + args.count).length);
  const worker = async (): Promise<void> => {
    while (next < args.count) {
      const i = args.firstIndex + next++;
      const station = new BenchStation(`${args.idPrefix}${String(i + 1).padStart(width, '0')}`, i, sink);
      const local = args.localAddresses.length > 0 ? args.localAddresses[i % args.localAddresses.length] : undefined;
      try {
        await station.connect(args.url, local, args.startTransactions);
        stations.push(station);
      } catch (err) {
        station.close();
        failed++;
        if (firstFailures.length < 5) firstFailures.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, args.concurrency) }, worker));
  return { booted: stations.length, failed, firstFailures };
}

async function connect(args: ConnectArgs): Promise<{ booted: number; failed: number; firstFailures: string[] }> {
  if (args.load === 'lean') return connectLean(args);
  const started = await startSimLoad({
    url: args.url, idPrefix: args.idPrefix, firstIndex: args.firstIndex, count: args.count, localAddresses: args.localAddresses,
    connectRatePerS: args.concurrency * 2, meterIntervalS: args.ratePerS > 0 ? args.count / args.ratePerS : 3600,
    startTransactions: args.startTransactions, startWindow: args.concurrency,
  }, sink, counts);
  fleet = started.fleet;
  return { booted: started.booted, failed: started.failed, firstFailures: started.firstFailures };
}

/** Starts the lean stations' MeterValues at `ratePerS`, round robin; simulated stations pace themselves. */
function run(args: { ratePerS: number }): void {
  clearInterval(pacer);
  if (stations.length === 0) return;
  const started = performance.now();
  let due = 0;
  let cursor = 0;
  pacer = setInterval(() => {
    const owed = Math.floor((args.ratePerS * (performance.now() - started)) / 1000) - due;
    if (owed <= 0) return;
    const nowMs = Date.now();
    const nowIso = new Date(nowMs).toISOString();
    for (let k = 0; k < owed; k++) {
      due++;
      const station = stations[cursor]!;
      cursor = (cursor + 1) % stations.length;
      if (station.busy || !station.open) {
        counts.skipped++;
        continue;
      }
      counts.sent++;
      station.sendMeterValues(nowMs, nowIso);
    }
  }, PACE_MS);
}

function mark(): void {
  histogram.reset();
  counts.sent = 0;
  counts.answered = 0;
  counts.errors = 0;
  counts.skipped = 0;
  markCpu = process.cpuUsage();
  markAt = performance.now();
}

function collect(): ClientFigures {
  const cpu = process.cpuUsage(markCpu);
  return {
    ...counts, histogram: histogram.toSparse(),
    cpuS: (cpu.user + cpu.system) / 1e6, rssBytes: process.memoryUsage().rss, windowS: (performance.now() - markAt) / 1000,
  };
}

serveRpc({
  connect: (args: ConnectArgs) => connect(args),
  run: (args: { ratePerS: number }) => run(args),
  mark: () => mark(),
  collect: () => collect(),
  halt: () => clearInterval(pacer),
  stop: async () => {
    clearInterval(pacer);
    for (const s of stations) s.close();
    stations.length = 0;
    await fleet?.stop();
    fleet = undefined;
  },
});
