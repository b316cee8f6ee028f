import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { SimStation } from '../../src/sim/index.js';
import { createTestDatabase, type TestDatabase } from '../../src/test-kit/db.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { silentLogger } from '../../src/test-kit/logger.js';
import { freePort } from '../../src/test-kit/ports.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function boot(database: TestDatabase, ocppPort: number): Promise<RunningServer> {
  const config = loadConfig('serve', {}, { host: '127.0.0.1', ocppPort, httpPort: 0, logLevel: 'silent', unknownStations: 'accept', unknownTokens: 'accept', nodeId: 'restart-node' });
  return startServer(config, { database, logger: silentLogger });
}

describe('a server restart in the middle of charging sessions', () => {
  it('rebuilds the live view from the database and the sessions carry on without losing energy', async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.close());
    const port = await freePort();
    let server = await boot(database, port);
    const sims = (['1.6', '2.0.1'] as const).map((v, i) => new SimStation(testStationOptions(`ws://127.0.0.1:${port}/ocpp`, `RESTART-${i}`, v, { timeScale: 300, backoffMinMs: 50, backoffMaxMs: 200 })));
    cleanup.push(async () => {
      await Promise.all(sims.map((s) => s.stop()));
    });
    await Promise.all(sims.map((s) => s.start()));
    for (const s of sims) s.plugIn(1, { idToken: 'TAG-R', socStart: 20, capacityWh: 80_000, targetSoc: 100, departAfterS: 1e9 });
    const running = async (s: RunningServer) => (await s.services.sessions.list({ state: 'active', limit: 10 })).items.sort((a, b) => a.id - b.id);
    const energyBefore = await waitUntil(async () => {
      const rows = await running(server);
      return rows.length === 2 && rows.every((r) => r.energyWh > 200) ? rows : undefined;
    }, 15_000, 'two sessions charging');

    await server.stop();
    const offline = await database.db.selectFrom('stations').select('online').where('id', 'like', 'RESTART-%').execute();
    expect(offline.every((r) => !r.online)).toBe(true);
    // A clean stop stores every running session's progress, however recent its last checkpoint.
    const stored = await database.db.selectFrom('sessions').select(['id', 'energy_wh']).where('id', 'in', energyBefore.map((r) => r.id)).orderBy('id').execute();
    stored.forEach((r, i) => expect(r.energy_wh).toBeGreaterThanOrEqual(energyBefore[i]!.energyWh));

    server = await boot(database, port);
    const restarted = server;
    cleanup.push(() => restarted.stop());
    expect([...server.services.live.activeSessions()].map((s) => s.id).sort()).toEqual(energyBefore.map((r) => r.id).sort());

    await waitUntil(async () => {
      const rows = await running(restarted);
      return (rows.length === 2 && rows.every((r, i) => r.id === energyBefore[i]!.id && r.energyWh > energyBefore[i]!.energyWh + 200)) || undefined;
    }, 20_000, 'energy rising again after the restart');
    const online = await database.db.selectFrom('stations').select('online').where('id', 'like', 'RESTART-%').execute();
    expect(online.every((r) => r.online)).toBe(true);
  });
});
