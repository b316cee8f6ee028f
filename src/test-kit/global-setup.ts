import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import pino from 'pino';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded.js';
import { freePort } from './ports.js';

/**
 * One PostgreSQL for the whole test run: the one named by DATABASE_URL (external mode, as CI proves),
 * or an embedded one in a temporary directory. Each test file then makes its own database in it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = await mkdtemp(join(tmpdir(), 'chargewatch-test-'));
    server = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), logger: pino({ level: 'warn' }), database: 'postgres' });
    url = server.url;
  }
  project.provide('adminDatabaseUrl', url);
  return async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
