import { loadConfig, type SettingKey } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import type { Clock } from '../core/shared/clock.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { silentLogger } from './logger.js';

/** A real server on ephemeral loopback ports over a fresh test database. */
export interface TestServer extends RunningServer {
  testDatabase: TestDatabase;
  /** Base URL stations connect to: ws://127.0.0.1:port/ocpp */
  stationUrl: string;
  close(): Promise<void>;
}

/** Starts the whole server (gateway, services, HTTP) as `chargewatch serve` would, for e2e tests. */
export async function startTestServer(settings: Partial<Record<SettingKey, unknown>> = {}, parts: { clock?: Clock } = {}): Promise<TestServer> {
  const testDatabase = await createTestDatabase(parts.clock);
  const config = loadConfig('serve', {}, { host: '127.0.0.1', ocppPort: 0, httpPort: 0, logLevel: 'silent', unknownStations: 'accept', unknownTokens: 'accept', nodeId: 'test-node', ...settings });
  const server = await startServer(config, { database: testDatabase, logger: silentLogger, clock: parts.clock });
  return {
    ...server,
    testDatabase,
    stationUrl: `ws://127.0.0.1:${server.ocppPort}/ocpp`,
    close: async () => {
      await server.stop();
      await testDatabase.close();
    },
  };
}
