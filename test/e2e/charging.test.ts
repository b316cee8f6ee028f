import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimStation } from '../../src/sim/index.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
const started: SimStation[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await server.close();
});

async function station(id: string, version: '1.6' | '2.0.1'): Promise<SimStation> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { connectors: 2, timeScale: 300 }));
  started.push(s);
  await s.start();
  return s;
}

const db = () => server.database.db;

describe.each(['1.6', '2.0.1'] as const)('a simulated OCPP %s station against the real server', (version) => {
  const id = `E2E-${version.replaceAll('.', '')}`;
  let sim: SimStation;

  beforeAll(async () => {
    sim = await station(id, version);
  });

  it('boots, is online, and reports its connectors', async () => {
    const row = await waitUntil(() => db().selectFrom('stations').selectAll().where('id', '=', id).where('online', '=', true).executeTakeFirst(), 5000, 'station online');
    expect(row.protocol).toBe(version);
    expect(row.model).toBe('SimAC-22');
    const connectors = await waitUntil(async () => {
      const rows = await db().selectFrom('connectors').selectAll().where('station_id', '=', id).execute();
      return rows.length === 2 ? rows : undefined;
    }, 5000, 'two connectors');
    expect(connectors.map((c) => c.status)).toEqual(['Available', 'Available']);
    expect(server.services.live.station(id)?.online).toBe(true);
  });

  it('records a whole charging session with rising energy, then its stop', async () => {
    expect(sim.plugIn(1, { idToken: 'E2E-TAG', socStart: 30, capacityWh: 40_000, targetSoc: 100, departAfterS: 1e9 })).toBe(true);
    const session = await waitUntil(() => db().selectFrom('sessions').selectAll().where('station_id', '=', id).where('state', '=', 'active').executeTakeFirst(), 5000, 'session started');
    expect(session.id_token?.toUpperCase()).toBe('E2E-TAG');
    // As the service presents it: the row holds a checkpoint of the progress (at most 30 s behind).
    const progressed = await waitUntil(async () => {
      const s = await server.services.sessions.get(session.id);
      return s.energyWh > 500 && s.soc !== null ? s : undefined;
    }, 15_000, 'energy delivered');
    expect(progressed.powerW).toBeGreaterThan(0);
    const live = server.services.live.session(session.id);
    expect(live?.energyWh).toBeGreaterThan(0);
    // both versions read alike: 2.0.1 reports Occupied, refined by the transaction's charging state
    const connector = server.services.live.station(id)!.connectors.find((c) => c.evseId === 1)!;
    expect(connector.status).toBe('Charging');
    expect(connector.reportedStatus).toBe(version === '1.6' ? 'Charging' : 'Occupied');

    expect(sim.stopCharging(1)).toBe(true);
    const done = await waitUntil(() => db().selectFrom('sessions').selectAll().where('id', '=', session.id).where('state', '=', 'completed').executeTakeFirst(), 5000, 'session stopped');
    expect(done.meter_stop_wh! - done.meter_start_wh!).toBeCloseTo(done.energy_wh, 0);
    expect(done.energy_wh).toBeGreaterThanOrEqual(progressed.energyWh);
    const samples = await db().selectFrom('meter_samples').select((eb) => eb.fn.countAll<string>().as('n')).where('session_id', '=', session.id).executeTakeFirstOrThrow();
    expect(Number(samples.n)).toBeGreaterThan(5);
    expect(server.services.live.session(session.id)).toBeUndefined();
  });

  it('answers every operator command with the station\'s real answer', async () => {
    const commands = server.services.commands;
    expect((await commands.getConfiguration(id)).entries.length).toBeGreaterThan(3);
    const heartbeatKey = version === '1.6' ? 'HeartbeatInterval' : 'OCPPCommCtrlr.HeartbeatInterval';
    expect((await commands.changeConfiguration(id, [{ key: heartbeatKey, value: '120' }]))[0]!.status).toBe('Accepted');
    expect((await commands.triggerMessage(id, 'Heartbeat')).status).toBe('Accepted');
    expect((await commands.clearCache(id)).status).toBe('Accepted');
    expect((await commands.changeAvailability(id, 'inoperative', 2, 1)).status).toMatch(/Accepted|Scheduled/);
    expect((await commands.changeAvailability(id, 'operative', 2, 1)).status).toMatch(/Accepted|Scheduled/);
    expect((await commands.unlockConnector(id, 2, 1)).status).toMatch(/Unlocked|NotSupported/);
    expect((await commands.dataTransfer(id, 'chargewatch-sim', 'echo', 'hello')).status).toBe('Accepted');

    expect((await commands.remoteStart(id, { evseId: 2, connectorId: 1, idToken: 'REMOTE-1' })).status).toBe('Accepted');
    const remote = await waitUntil(() => db().selectFrom('sessions').selectAll().where('station_id', '=', id).where('state', '=', 'active').executeTakeFirst(), 5000, 'remote session');
    expect(remote.evse_id).toBe(2);
    expect((await commands.remoteStop(id, remote.transaction_ref)).status).toBe('Accepted');
    await waitUntil(() => db().selectFrom('sessions').select('id').where('id', '=', remote.id).where('state', '=', 'completed').executeTakeFirst(), 5000, 'remote stop');

    expect((await commands.reset(id, 'soft')).status).toBe('Accepted');
    await waitUntil(async () => {
      const boots = await db().selectFrom('station_boots').select('id').where('station_id', '=', id).execute();
      return boots.length >= 2;
    }, 10_000, 'reboot after reset');
  });

  it('logs every frame in both directions', async () => {
    await server.committer.flush();
    const rows = await db().selectFrom('ocpp_messages').select(['direction', 'action']).where('station_id', '=', id).execute();
    expect(rows.some((r) => r.direction === 'i' && r.action === 'BootNotification')).toBe(true);
    expect(rows.some((r) => r.direction === 'o' && r.action === 'Reset')).toBe(true);
    expect(rows.filter((r) => r.direction === 'o').length).toBeGreaterThan(5);
  });
});

describe('reconnects', () => {
  it('a new socket for the same identity replaces the old one and the station stays online', async () => {
    const first = await station('E2E-RECONNECT', '1.6');
    const second = new SimStation(testStationOptions(server.stationUrl, 'E2E-RECONNECT', '1.6', { reconnect: false }));
    started.push(second);
    await second.start();
    await waitUntil(() => !first.connected || undefined, 5000, 'old socket closed');
    await first.stop();
    const row = await db().selectFrom('stations').select(['online']).where('id', '=', 'E2E-RECONNECT').executeTakeFirstOrThrow();
    expect(row.online).toBe(true);
    expect(server.gateway.connection('E2E-RECONNECT')).toBeDefined();
  });
});
