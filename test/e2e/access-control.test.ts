import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult, IdTokenView } from '../../src/http/api-types.js';
import { SimStation } from '../../src/sim/index.js';
import { apiClient, userClient, type ApiClient } from '../../src/test-kit/api.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

/**
 * Access control against simulated stations of both versions: a token blocked while charging has its
 * session stopped (RemoteStop / RequestStopTransaction, recorded in the command log) unless the station
 * says StopTransactionOnInvalidId is false; drivers start charging with their own tokens only where the
 * decider lets them, and get the station's real answer.
 */

let server: TestServer;
let admin: ApiClient;
const started: SimStation[] = [];

beforeAll(async () => {
  server = await startTestServer({ unknownTokens: 'reject' });
  admin = await apiClient(server, 'admin');
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await server.close();
});

const db = () => server.database.db;

async function station(id: string, version: '1.6' | '2.0.1'): Promise<SimStation> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { connectors: 2, timeScale: 300 }));
  started.push(s);
  await s.start();
  await waitUntil(() => db().selectFrom('stations').select('id').where('id', '=', id).where('online', '=', true).executeTakeFirst(), 5000, `${id} online`);
  return s;
}

const activeSession = (stationId: string, token: string) => waitUntil(() => db().selectFrom('sessions').selectAll()
  .where('station_id', '=', stationId).where('id_token', '=', token).where('state', '=', 'active').executeTakeFirst(), 5000, `${token} charging on ${stationId}`);
const sessionRow = (id: number) => db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const stopsOf = (stationId: string) => db().selectFrom('command_log').selectAll().where('station_id', '=', stationId).where('command', '=', 'remote-stop').execute();

async function addToken(token: string, more: Record<string, unknown> = {}): Promise<void> {
  expect((await admin.post<IdTokenView>('/api/id-tokens', { token, ...more })).status).toBe(201);
}

describe.each(['1.6', '2.0.1'] as const)('a token blocked while charging on a %s station', (version) => {
  it('has its session stopped remotely, recorded in the command log', async () => {
    const id = `ACC-${version.replaceAll('.', '')}`;
    const token = `BLK-${version.replaceAll('.', '')}`;
    const sim = await station(id, version);
    await addToken(token);
    expect(sim.plugIn(1, { idToken: token, socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 })).toBe(true);
    const session = await activeSession(id, token);

    expect((await admin.patch(`/api/id-tokens/${token}`, { status: 'blocked' })).status).toBe(200);
    const done = await waitUntil(async () => {
      const row = await sessionRow(session.id);
      return row.state === 'completed' ? row : undefined;
    }, 10_000, 'session stopped');
    expect(done.stop_reason).toBe('Remote');
    const [stop] = await stopsOf(id);
    expect(stop).toMatchObject({ status: 'Accepted', error: null, sent_by: `access control: token ${token} is blocked` });
  });
});

describe('a station that reports StopTransactionOnInvalidId false', () => {
  it('keeps charging: it is left to the station', async () => {
    const keeper = await station('ACC-KEEP', '1.6');
    const marker = await station('ACC-MARK', '1.6');
    const command = (id: string, name: string, body: object) => admin.post<CommandResult>(`/api/stations/${id}/commands/${name}`, body);
    expect((await command('ACC-KEEP', 'change-configuration', { key: 'StopTransactionOnInvalidId', value: 'false' })).body.status).toBe('Accepted');
    expect((await command('ACC-KEEP', 'get-configuration', { keys: ['StopTransactionOnInvalidId'] })).status).toBe(200);
    await addToken('KEEP-1');
    await addToken('MARK-1');
    keeper.plugIn(1, { idToken: 'KEEP-1', socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 });
    marker.plugIn(1, { idToken: 'MARK-1', socStart: 20, capacityWh: 60_000, targetSoc: 100, departAfterS: 1e9 });
    const kept = await activeSession('ACC-KEEP', 'KEEP-1');
    const marked = await activeSession('ACC-MARK', 'MARK-1');

    // Token changes are handled in order: once MARK-1's session is stopped, KEEP-1's block has been handled.
    await admin.patch('/api/id-tokens/KEEP-1', { status: 'blocked' });
    await admin.patch('/api/id-tokens/MARK-1', { status: 'invalid' });
    await waitUntil(async () => ((await sessionRow(marked.id)).state === 'completed' ? true : undefined), 10_000, 'MARK-1 stopped');
    expect((await sessionRow(kept.id)).state).toBe('active');
    expect(await stopsOf('ACC-KEEP')).toEqual([]);
  });
});

describe('driver remote start', () => {
  let driver: ApiClient & { userId: string };
  let stranger: ApiClient & { userId: string };

  beforeAll(async () => {
    driver = await userClient(server, 'driver', 'dana');
    stranger = await userClient(server, 'driver', 'otto');
    const dana = (await admin.post<{ id: string }>('/api/drivers', { name: 'Dana', userId: driver.userId })).body.id;
    const otto = (await admin.post<{ id: string }>('/api/drivers', { name: 'Otto', userId: stranger.userId })).body.id;
    await addToken('DANA-1', { driverId: dana });
    await addToken('DANA-OFF', { driverId: dana, status: 'blocked' });
    await addToken('OTTO-1', { driverId: otto });
  });

  it.each(['1.6', '2.0.1'] as const)('starts a session on a %s station with the driver\'s own token and answers the station\'s real answer', async (version) => {
    const id = `RS-${version.replaceAll('.', '')}`;
    await station(id, version);
    const first = await driver.post<CommandResult>('/api/me/remote-start', { stationId: id, connectorId: 1, tokenId: 'dana-1' });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('Accepted');
    await activeSession(id, 'DANA-1');
    // the connector is taken now: the station says no, and that is the answer
    const again = await driver.post<CommandResult>('/api/me/remote-start', { stationId: id, connectorId: 1, tokenId: 'DANA-1' });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('Rejected');
    const log = await db().selectFrom('command_log').select(['command', 'sent_by', 'status']).where('station_id', '=', id).where('command', '=', 'remote-start').execute();
    expect(log).toEqual([{ command: 'remote-start', sent_by: 'dana', status: 'Accepted' }, { command: 'remote-start', sent_by: 'dana', status: 'Rejected' }]);
  });

  it('refuses other drivers\' tokens, refused tokens, places without access, and callers who are not drivers', async () => {
    await station('RS-PRIV', '2.0.1');
    expect((await admin.put('/api/stations/RS-PRIV/access', { mode: 'private', groupIds: ['STAFF'] })).status).toBe(200);
    const start = (client: ApiClient, tokenId: string) => client.post<{ error: { code: string; message: string; details?: { status?: string } } }>('/api/me/remote-start', { stationId: 'RS-PRIV', evseId: 1, tokenId });

    const location = await start(driver, 'DANA-1');
    expect(location.status).toBe(403);
    expect(location.body.error).toEqual({ code: 'access_refused', message: 'token DANA-1 has no access to station RS-PRIV (private)', details: { status: 'NotAtThisLocation' } });
    const blocked = await start(driver, 'DANA-OFF');
    expect([blocked.status, blocked.body.error.details?.status]).toEqual([403, 'Blocked']);
    expect((await start(driver, 'OTTO-1')).status).toBe(404);
    expect((await start(stranger, 'DANA-1')).status).toBe(404);
    expect((await start(driver, 'NOSUCH')).status).toBe(404);
    expect((await start(await apiClient(server, 'operator'), 'DANA-1')).status).toBe(403);
    const adminTry = await start(admin, 'DANA-1');
    expect([adminTry.status, adminTry.body.error.code]).toEqual([403, 'forbidden']);
    expect((await driver.post('/api/me/remote-start', { stationId: 'RS-PRIV', tokenId: 'DANA-1', connectorId: 0 })).status).toBe(400);

    expect(await db().selectFrom('command_log').select('id').where('station_id', '=', 'RS-PRIV').execute()).toEqual([]);
    const audit = await db().selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'driver.remote-start').where('target', '=', 'RS-PRIV').execute();
    expect(audit.length).toBe(5);
  });
});
