import { loadConfig, type SettingKey } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../server.js';

/** `chargewatch migrate`: applies pending migrations to the configured database and exits. */
export async function migrateCommand(flags: Partial<Record<SettingKey, unknown>>): Promise<void> {
  const config = loadConfig('serve', process.env, flags);
  const logger = createLogger(config);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPgPort: config.embeddedPgPort, logger });
  try {
    const applied = await migrate(database.pool, logger);
    process.stdout.write(applied.length ? `applied migrations ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await database.close();
  }
}
