import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimStation } from '../../src/sim/index.js';
import { TestStation } from '../../src/test-kit/gateway-harness.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
const sims: SimStation[] = [];

beforeAll(async () => {
  server = await startTestServer({ unknownStations: 'pending', unknownTokens: 'reject' });
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

function sim(id: string, version: '1.6' | '2.0.1', password?: string): SimStation {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { password, reconnect: false }));
  sims.push(s);
  return s;
}

describe('unknown stations under the pending policy', () => {
  it('are answered Pending and refused everything but boot and heartbeat', async () => {
    const raw = await TestStation.connect(`${server.stationUrl}/NEW-STATION-RAW`, ['ocpp1.6']);
    const boot = await raw.call('b1', 'BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'X1' });
    expect((boot[2] as { status: string }).status).toBe('Pending');
    const hb = await raw.call('h1', 'Heartbeat', {});
    expect(hb[0]).toBe(3);
    const status = await raw.call('s1', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    expect(status.slice(0, 3)).toEqual([4, 's1', 'SecurityError']);
    const row = await server.database.db.selectFrom('stations').select('admission').where('id', '=', 'NEW-STATION-RAW').executeTakeFirstOrThrow();
    expect(row.admission).toBe('pending');
    await raw.close();
  });

  it('boot again as soon as an operator approves them (the server triggers the boot)', async () => {
    const s = sim('NEW-STATION-1', '2.0.1');
    const started = s.start();
    await waitUntil(() => s.bootStatus === 'Pending' || undefined, 5000, 'Pending boot');
    await server.services.stations.approve('NEW-STATION-1');
    await started;
    expect(s.bootStatus).toBe('Accepted');
  });
});

describe('security profile 1 (HTTP Basic auth)', () => {
  it('refuses a wrong or missing password at upgrade and admits the right one', async () => {
    await server.services.stations.create({ id: 'SECURE-1', password: 'correct-horse-battery', admission: 'accepted' });
    const none = await TestStation.attempt(`${server.stationUrl}/SECURE-1`, ['ocpp1.6']);
    expect(none.ok ? 200 : none.status).toBe(401);
    const basic = (p: string) => ({ Authorization: `Basic ${Buffer.from(`SECURE-1:${p}`).toString('base64')}` });
    const wrong = await TestStation.attempt(`${server.stationUrl}/SECURE-1`, ['ocpp1.6'], { headers: basic('wrong-password-000') });
    expect(wrong.ok ? 200 : wrong.status).toBe(401);
    const s = sim('SECURE-1', '1.6', 'correct-horse-battery');
    await s.start();
    expect(s.bootStatus).toBe('Accepted');
  });

  it('refuses rejected stations at upgrade and drops a connected station when it is disabled', async () => {
    const s = sim('TO-DISABLE', '1.6');
    await server.services.stations.create({ id: 'TO-DISABLE', admission: 'accepted' });
    await s.start();
    await server.services.stations.disable('TO-DISABLE');
    await waitUntil(() => !s.connected || undefined, 5000, 'socket closed');
    const again = await TestStation.attempt(`${server.stationUrl}/TO-DISABLE`, ['ocpp1.6']);
    expect(again.ok ? 200 : again.status).toBe(403);
  });
});

describe('id tokens', () => {
  it('answers Authorize per the token store: accepted, blocked, unknown', async () => {
    await server.services.stations.create({ id: 'AUTH-1', admission: 'accepted' });
    const s = sim('AUTH-1', '1.6');
    await s.start();
    await server.services.tokens.add({ token: 'CARD-OK' });
    await server.services.tokens.add({ token: 'CARD-BLOCKED', status: 'blocked' });
    const status = async (idTag: string) => ((await s.call('Authorize', { idTag })) as { idTagInfo: { status: string } }).idTagInfo.status;
    expect(await status('card-ok')).toBe('Accepted');
    expect(await status('CARD-BLOCKED')).toBe('Blocked');
    expect(await status('NOBODY')).toBe('Invalid');
  });
});
