import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimStation } from '../../src/sim/index.js';
import { TestStation } from '../../src/test-kit/gateway-harness.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { testStationOptions } from '../../src/test-kit/test-csms.js';

let server: TestServer;
let bystander: SimStation;

beforeAll(async () => {
  server = await startTestServer({ maxFrameBytes: 4096 });
  bystander = new SimStation(testStationOptions(server.stationUrl, 'BYSTANDER', '2.0.1', { timeScale: 300 }));
  await bystander.start();
  bystander.plugIn(1, { idToken: 'TAG-B', socStart: 10, capacityWh: 90_000, targetSoc: 100, departAfterS: 1e9 });
});
afterAll(async () => {
  await bystander.stop();
  await server.close();
});

const db = () => server.database.db;

describe('malformed and hostile input against the whole server', () => {
  it('answers each bad frame correctly, keeps what it acknowledged, and never disturbs other stations', async () => {
    const st = await TestStation.connect(`${server.stationUrl}/FUZZ-1`, ['ocpp1.6']);
    expect((await st.call('boot', 'BootNotification', { chargePointVendor: 'Fuzz', chargePointModel: 'F' }))[0]).toBe(3);

    const acked: number[] = [];
    const start = async (n: number) => {
      const answer = await st.call(`start-${n}`, 'StartTransaction', { connectorId: 1 + (n % 2), idTag: `T${n}`, meterStart: 1000 * n, timestamp: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() });
      expect(answer[0]).toBe(3);
      acked.push((answer[2] as { transactionId: number }).transactionId);
    };
    const expectError = async (frame: unknown, id: string, code: string) => {
      st.send(frame);
      const answer = (await st.next()) as unknown[];
      expect(answer.slice(0, 3)).toEqual([4, id, code]);
    };

    await start(1);
    await expectError('[2,"x1","Heartbeat",{"a":1}]', 'x1', 'FormationViolation');
    await expectError([2, 'x2', 'StartTransaction', { connectorId: 1, idTag: 'T', timestamp: 'now' }], 'x2', 'OccurenceConstraintViolation');
    await expectError([2, 'x3', 'StartTransaction', { connectorId: '1', idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() }], 'x3', 'TypeConstraintViolation');
    await expectError([2, 'x4', 'Teleport', {}], 'x4', 'NotImplemented');
    await expectError([2, 'x5', 'ReserveNow', { connectorId: 1, expiryDate: new Date().toISOString(), idTag: 'T', reservationId: 1 }], 'x5', 'NotSupported');
    await expectError([7, 'x6', 'Heartbeat', {}], 'x6', 'ProtocolError');
    await expectError([2, 'x7', 'Heartbeat', 'not-an-object'], 'x7', 'FormationViolation');
    st.send('this is not json');
    st.send([3, 'nobody-asked', {}]);
    await start(2);
    // random garbage, then the station still works
    for (const text of fc.sample(fc.string({ maxLength: 80 }), { numRuns: 50, seed: 20261122 })) st.send(text);
    await start(3);
    const unknownStop = await st.call('stop-x', 'StopTransaction', { transactionId: 987654, meterStop: 5, timestamp: new Date().toISOString() });
    expect(unknownStop[0]).toBe(3);

    const stored = await db().selectFrom('sessions').select('id').where('station_id', '=', 'FUZZ-1').execute();
    expect(stored.map((r) => r.id).sort()).toEqual([...acked].sort());
    const orphans = await db().selectFrom('orphan_messages').select('transaction_ref').where('station_id', '=', 'FUZZ-1').execute();
    expect(orphans.map((o) => o.transaction_ref)).toEqual(['987654']);

    st.send('x'.repeat(5000));
    expect((await st.closed).code).toBe(1009);

    const session = await waitUntil(() => db().selectFrom('sessions').selectAll().where('station_id', '=', 'BYSTANDER').where('state', '=', 'active').executeTakeFirst(), 5000, 'bystander session');
    const before = (await server.services.sessions.get(session.id)).energyWh;
    await waitUntil(async () => ((await server.services.sessions.get(session.id)).energyWh > before) || undefined, 10_000, 'bystander still charging');
    expect(bystander.counters.errors).toBe(0);
  });

  it('repeated transaction messages change nothing twice', async () => {
    const st = await TestStation.connect(`${server.stationUrl}/REPEAT-1`, ['ocpp1.6']);
    await st.call('b', 'BootNotification', { chargePointVendor: 'R', chargePointModel: 'R' });
    const start = { connectorId: 1, idTag: 'TAG', meterStart: 100, timestamp: '2026-03-01T10:00:00Z' };
    const a = await st.call('s1', 'StartTransaction', start);
    const b = await st.call('s2', 'StartTransaction', start);
    expect((b[2] as { transactionId: number }).transactionId).toBe((a[2] as { transactionId: number }).transactionId);
    const transactionId = (a[2] as { transactionId: number }).transactionId;
    const stop = { transactionId, meterStop: 2100, timestamp: '2026-03-01T11:00:00Z', reason: 'Local' };
    await st.call('t1', 'StopTransaction', stop);
    await st.call('t2', 'StopTransaction', stop);
    const rows = await db().selectFrom('sessions').selectAll().where('station_id', '=', 'REPEAT-1').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.energy_wh).toBe(2000);
    const events = await db().selectFrom('events').select('type').where('station_id', '=', 'REPEAT-1').where('type', 'like', 'session.%').execute();
    expect(events.map((e) => e.type).sort()).toEqual(['session.started', 'session.stopped']);
    await st.close();
  });
});
