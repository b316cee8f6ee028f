import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { api } from './api.js';
import { connections } from './connections.js';
import { detection } from './detection.js';
import { etaAccuracy } from './eta-accuracy.js';
import { ingest } from './ingest.js';
import { reportExport } from './report-export.js';
import { sseLatency } from './sse-latency.js';

const USAGE = `usage: npm run bench -- <scenario> [flags]

scenarios:
  ingest        paced MeterValues from stations with running transactions; throughput, latency, CPU per message
  connections   idle booted stations; server memory per connection
  eta           simulated sessions on both versions; time-to-full/target estimate error at 20/50/80 % of each
  api           fleet summary and station pages over HTTP with a seeded fleet (default 50000 stations); p50/p95/p99
  sse-latency   StatusNotification → /api/events latency while MeterValues are ingested; p50/p95/p99
  detection     connector fault / silent station → incident.opened on /api/events, and back → incident.resolved; p50/p95/p99
  export        session report CSV and XLSX downloads over HTTP after seeding a year of sessions; rows/s, server peak RSS

flags:
  --stations <n>      stations (ingest 10000, connections 19000, export 1000, api 50000, sse-latency 5000, detection 2000; detection: 0 for no load)
  --duration <s>      measured seconds (ingest, default 60)
  --warmup <s>        seconds of load before measuring (ingest, default 10)
  --rate <n>          MeterValues per second over all stations (ingest, default 5000)
  --clients <n>       load processes, at least (default: 2 for ingest; enough for < 19,000 sockets each)
  --concurrency <n>   stations connecting at once per load process (default 100; sim: 2 × this new connections per second)
  --load <kind>       lean (minimal paced stations sending MeterValues, default) | sim (the station simulator)
  --message-log <m>   server message log: all (the default setting) | none
  --no-baseline       skip the plain-ws baseline run
  --cpu-prof <dir>    write V8 CPU and allocation profiles of the targets' measured window into <dir> (ingest)
  --node-flags=<f>    extra node flags for the target processes, space-separated (e.g. GC settings)
  --sessions <n>      sessions per protocol version (eta, default 8); seeded sessions (export, default 1000000)
  --time-scale <n>    simulated seconds per real second (eta, default 600)
  --seed <n>          draws the EVs (eta, default 1)
  --requests <n>      timed requests per endpoint and series (api, default 200)
  --parallel <n>      requests in flight in the parallel series (api, default 8)
  --probes <n>        probe stations sending StatusNotifications, one a second each (sse-latency, default 20)
  --sse-types <t>     the SSE client's types filter, e.g. connector. (sse-latency; default: every event, as the web app)
  --fault-probes <n>  stations reporting a connector fault and clearing it, one after the other (detection, default 20)
  --offline-probes <n> stations going silent and reconnecting (detection, default 4)
  --ping-interval <s> the server's WebSocket ping interval (detection, default 10)
Prints one JSON line on stdout; progress goes to stderr.`;

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${value}`);
  return n;
}

/** Parses the command line and runs one scenario; the figures are printed as one JSON line. */
async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stations: { type: 'string' }, duration: { type: 'string' }, warmup: { type: 'string' }, rate: { type: 'string' },
      clients: { type: 'string' }, concurrency: { type: 'string' }, load: { type: 'string' }, 'message-log': { type: 'string' },
      'no-baseline': { type: 'boolean' }, 'cpu-prof': { type: 'string' }, 'node-flags': { type: 'string' }, help: { type: 'boolean' },
      sessions: { type: 'string' }, 'time-scale': { type: 'string' }, seed: { type: 'string' },
      requests: { type: 'string' }, parallel: { type: 'string' }, probes: { type: 'string' }, 'sse-types': { type: 'string' },
      'fault-probes': { type: 'string' }, 'offline-probes': { type: 'string' }, 'ping-interval': { type: 'string' },
    },
  });
  const scenario = positionals[0];
  if (values.help || !scenario) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const messageLog = values['message-log'] ?? 'all';
  if (messageLog !== 'all' && messageLog !== 'none') throw new Error('--message-log must be all or none');
  const load = values.load ?? 'lean';
  if (load !== 'sim' && load !== 'lean') throw new Error('--load must be sim or lean');
  const cpuProfDir = values['cpu-prof'] ? resolve(values['cpu-prof']) : undefined;
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const nodeFlags = values['node-flags']?.split(' ').filter((f) => f.length > 0) ?? [];
  const common = { messageLog, cpuProfDir, nodeFlags, load, baseline: !values['no-baseline'], concurrency: int(values.concurrency, 100, 'concurrency'), log } as const;
  let figures: Record<string, unknown>;
  switch (scenario) {
    case 'ingest':
      figures = await ingest({
        ...common, stations: int(values.stations, 10_000, 'stations'), rate: int(values.rate, 5_000, 'rate'),
        durationS: int(values.duration, 60, 'duration'), warmupS: int(values.warmup, 10, 'warmup'), clients: int(values.clients, 2, 'clients'),
      });
      break;
    case 'connections':
      figures = await connections({ ...common, stations: int(values.stations, 19_000, 'stations'), clients: int(values.clients, 1, 'clients') });
      break;
    case 'api':
      figures = await api({ ...common, stations: int(values.stations, 50_000, 'stations'), requests: int(values.requests, 200, 'requests'), parallel: int(values.parallel, 8, 'parallel') });
      break;
    case 'sse-latency':
      figures = await sseLatency({
        ...common, stations: int(values.stations, 5_000, 'stations'), rate: int(values.rate, 5_000, 'rate'), durationS: int(values.duration, 60, 'duration'),
        warmupS: int(values.warmup, 10, 'warmup'), clients: int(values.clients, 2, 'clients'), probes: int(values.probes, 20, 'probes'), sseTypes: values['sse-types'],
      });
      break;
    case 'detection': {
      const pingIntervalS = int(values['ping-interval'], 10, 'ping-interval');
      if (pingIntervalS <= 0) throw new Error('--ping-interval must be above 0');
      figures = await detection({
        ...common, stations: int(values.stations, 2_000, 'stations'), rate: int(values.rate, 1_000, 'rate'), durationS: int(values.duration, 60, 'duration'),
        warmupS: int(values.warmup, 10, 'warmup'), clients: int(values.clients, 1, 'clients'), faultProbes: int(values['fault-probes'], 20, 'fault-probes'),
        offlineProbes: int(values['offline-probes'], 4, 'offline-probes'), pingIntervalS,
      });
      break;
    }
    case 'export':
      figures = await reportExport({ sessions: int(values.sessions, 1_000_000, 'sessions'), stations: int(values.stations, 1_000, 'stations'), nodeFlags, log });
      break;
    case 'eta':
      figures = await etaAccuracy({
        sessions: int(values.sessions, 8, 'sessions'), timeScale: int(values['time-scale'], 600, 'time-scale'), meterIntervalS: 60, seed: int(values.seed, 1, 'seed'), log,
      });
      break;
    default:
      throw new Error(`unknown scenario ${scenario}\n${USAGE}`);
  }
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
