import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus } from '../src/bus/in-process-bus.js';
import { loadConfig } from '../src/config.js';
import { LiveView } from '../src/core/live/index.js';
import { openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { createLogger, startServer, type RunningServer } from '../src/server.js';
import { serveRpc } from './ipc.js';
import { freePort, memorySnapshot, ownCpuS, type MemorySnapshot } from './process-figures.js';
import { seedFleet, type FleetShape, type SeededFleet } from './seed-repository.js';
import { profileStart, profileStop } from './window-profiler.js';

/** How the driver wants the API server run. */
export interface ApiServerArgs {
  messageLog: 'all' | 'none';
  /** Seed this fleet into the database before the server starts (its live view then loads it). */
  seed?: FleetShape;
  /** The WebSocket ping interval in seconds (the server's `--ping-interval`); the server's default when absent. */
  pingIntervalS?: number;
}

/** What the started server tells the driver. */
export interface ApiServerInfo {
  ocppUrl: string;
  httpUrl: string;
  /** Bearer header value of a viewer API token, made through the accounts service. */
  authorization: string;
  pgPid: number | null;
  seeded: SeededFleet | null;
  /** startServer() over the seeded database: migrations check, partitions, live view load, HTTP and gateway up. */
  startupS: number;
  /** A second, separate load of the live view alone (query and in-memory build) over the same database. */
  liveViewLoadS: number;
}

/** The API server's own figures at one instant. */
export interface ApiServerSnapshot extends MemorySnapshot {
  cpuS: number;
  connections: number;
}

let server: RunningServer | undefined;
let database: DatabaseHandle | undefined;
let dataDir: string | undefined;

/**
 * Runs the whole server (as `chargewatch serve` builds it) with its embedded PostgreSQL in a temporary data
 * directory, after seeding a fleet into it when asked; the database is opened first so the seed is in place
 * before the live view loads.
 */
async function start(args: ApiServerArgs): Promise<ApiServerInfo> {
  dataDir = await mkdtemp(join(tmpdir(), 'chargewatch-bench-'));
  const config = loadConfig('serve', {}, {
    dataDir, embeddedPgPort: await freePort(), host: '127.0.0.1', ocppPort: 0, httpPort: 0, logLevel: 'warn',
    unknownStations: 'accept', unknownTokens: 'accept', messageLog: args.messageLog, nodeId: 'bench', pingInterval: args.pingIntervalS,
  });
  const logger = createLogger(config);
  database = await openDatabase({ dataDir, embeddedPgPort: config.embeddedPgPort, logger });
  await migrate(database.pool, logger);
  const seeded = args.seed ? await seedFleet(database.pool, args.seed) : null;
  const started = performance.now();
  server = await startServer(config, { database, logger });
  const startupS = (performance.now() - started) / 1000;
  const liveStarted = performance.now();
  const probe = new LiveView({ db: database.db, bus: new InProcessBus(logger), logger });
  await probe.start();
  probe.stop();
  const liveViewLoadS = (performance.now() - liveStarted) / 1000;
  const token = await server.services.accounts.apiTokens.create({ name: 'bench viewer', role: 'viewer' }, null);
  let pgPid: number | null = null;
  try {
    pgPid = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    pgPid = null;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    ocppUrl: server.ocppUrl, httpUrl: server.httpUrl, authorization: `Bearer ${token.token}`, pgPid, seeded,
    startupS: round(startupS), liveViewLoadS: round(liveViewLoadS),
  };
}

async function snapshot(args: { gc?: boolean }): Promise<ApiServerSnapshot> {
  return { ...(await memorySnapshot(args.gc === true)), cpuS: ownCpuS(), connections: server?.gateway.connectionCount ?? 0 };
}

async function stop(): Promise<void> {
  await server?.stop();
  server = undefined;
  await database?.close();
  database = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

serveRpc({ start, snapshot, profileStart, profileStop, stop });
