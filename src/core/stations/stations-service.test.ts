import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/schema.js';
import { OcppError } from '../../ocpp/index.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { StationService } from './stations-service.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownStations: 'pending', heartbeatIntervalS: 120 });
});
afterAll(async () => {
  await kit.close();
});

const request = (stationId: string, extra: { basicAuth?: { username: string; password: string }; tls?: boolean } = {}) => ({
  stationId, version: '1.6' as const, remoteAddress: '10.0.0.7', tls: extra.tls ?? false, ...(extra.basicAuth ? { basicAuth: extra.basicAuth } : {}),
});
const row = (id: string) => kit.database.db.selectFrom('stations').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
const eventsOf = (type: string, stationId: string) => kit.events.filter((e) => e.type === type && e.stationId === stationId);

describe('admission', () => {
  it('registers an unknown station as pending under the pending policy, and admits it', async () => {
    expect(await kit.stations.admit(request('NEW-1'))).toEqual({ admit: true, securityProfile: 0 });
    expect((await row('NEW-1')).admission).toBe('pending');
    expect(eventsOf('station.created', 'NEW-1')).toHaveLength(1);
  });

  it('refuses rejected and disabled stations with 403', async () => {
    await kit.stations.create({ id: 'REJ-1' });
    await kit.stations.reject('REJ-1');
    expect(await kit.stations.admit(request('REJ-1'))).toMatchObject({ admit: false, status: 403 });
    await kit.stations.disable('REJ-1');
    expect(await kit.stations.admit(request('REJ-1'))).toMatchObject({ admit: false, status: 403, reason: 'station is disabled' });
  });

  it('requires Basic auth with the station id and the right password when a password is set', async () => {
    await kit.stations.create({ id: 'PW-1', password: 'a-long-station-password' });
    expect(await kit.stations.admit(request('PW-1'))).toMatchObject({ admit: false, status: 401 });
    expect(await kit.stations.admit(request('PW-1', { basicAuth: { username: 'PW-1', password: 'wrong-password-here!' } }))).toMatchObject({ admit: false, status: 401 });
    expect(await kit.stations.admit(request('PW-1', { basicAuth: { username: 'pw-1', password: 'a-long-station-password' } }))).toMatchObject({ admit: false, status: 401 });
    expect(await kit.stations.admit(request('PW-1', { basicAuth: { username: 'PW-1', password: 'a-long-station-password' } }))).toEqual({ admit: true, securityProfile: 1 });
    expect(await kit.stations.admit(request('PW-1', { tls: true, basicAuth: { username: 'PW-1', password: 'a-long-station-password' } }))).toEqual({ admit: true, securityProfile: 2 });
  });

  it('stops accepting the old password after it is changed', async () => {
    await kit.stations.create({ id: 'PW-2', password: 'first-password-0001' });
    expect((await kit.stations.admit(request('PW-2', { basicAuth: { username: 'PW-2', password: 'first-password-0001' } }))).admit).toBe(true);
    await kit.stations.setPassword('PW-2', 'second-password-0002');
    expect((await kit.stations.admit(request('PW-2', { basicAuth: { username: 'PW-2', password: 'first-password-0001' } }))).admit).toBe(false);
    await kit.stations.setPassword('PW-2', null);
    expect(await kit.stations.admit(request('PW-2'))).toEqual({ admit: true, securityProfile: 0 });
  });

  it('treats station ids as case-sensitive', async () => {
    await kit.stations.create({ id: 'Case-1' });
    await kit.stations.admit(request('CASE-1'));
    expect((await row('CASE-1')).admission).toBe('pending');
    expect((await row('Case-1')).admission).toBe('accepted');
  });

  it('refuses unknown stations with 404 under the reject policy, and accepts them under accept', async () => {
    const strict = await createCoreKit({ unknownStations: 'reject' });
    const open = await createCoreKit({ unknownStations: 'accept' });
    try {
      expect(await strict.stations.admit(request('X-1'))).toMatchObject({ admit: false, status: 404 });
      expect(await strict.database.db.selectFrom('stations').selectAll().execute()).toEqual([]);
      expect((await open.stations.admit(request('X-1'))).admit).toBe(true);
      expect((await open.stations.get('X-1')).admission).toBe('accepted');
    } finally {
      await strict.close();
      await open.close();
    }
  });
});

describe('connection lifecycle', () => {
  it('marks a station online with a connection row and an event, and offline on close', async () => {
    await kit.connect('LC-1', '2.0.1');
    let s = await row('LC-1');
    expect(s).toMatchObject({ online: true, node_id: 'test-node', protocol: '2.0.1' });
    expect(eventsOf('station.connected', 'LC-1')[0]?.data).toMatchObject({ version: '2.0.1', remoteAddress: '127.0.0.1' });
    kit.clock.advance(5_000);
    await kit.stations.disconnected('LC-1', { code: 1006, reason: 'gone', replaced: false });
    s = await row('LC-1');
    expect(s.online).toBe(false);
    expect(s.disconnected_at?.toISOString()).toBe(kit.clock.now().toISOString());
    const conns = await kit.database.db.selectFrom('station_connections').where('station_id', '=', 'LC-1').selectAll().execute();
    expect(conns).toHaveLength(1);
    expect(conns[0]).toMatchObject({ close_reason: '1006 gone' });
    expect(eventsOf('station.disconnected', 'LC-1')[0]?.data).toEqual({ code: 1006, reason: 'gone', replaced: false });
    expect(() => kit.stations.assertAccepted('LC-1')).toThrow(OcppError);
  });

  it('keeps a station online when its replaced socket closes, whichever order the callbacks come in', async () => {
    await kit.connect('LC-2');
    await kit.stations.connected('LC-2', '1.6', '10.0.0.9');
    await kit.stations.disconnected('LC-2', { code: 4000, reason: 'replaced', replaced: true });
    expect((await row('LC-2')).online).toBe(true);
    kit.stations.assertAccepted('LC-2');
    await kit.stations.disconnected('LC-2', { code: 4000, reason: 'replaced', replaced: true });
    await kit.stations.connected('LC-2', '1.6', '10.0.0.10');
    expect((await row('LC-2')).online).toBe(true);
    const open = await kit.database.db.selectFrom('station_connections').where('station_id', '=', 'LC-2').where('disconnected_at', 'is', null).selectAll().execute();
    expect(open).toHaveLength(1);
    expect(eventsOf('station.disconnected', 'LC-2').every((e) => e.data.replaced === true)).toBe(true);
  });

  it('marks the stations a crashed node left online as offline', async () => {
    await kit.connect('LC-3');
    await kit.connect('LC-4');
    const n = await kit.stations.markNodeOffline();
    expect(n).toBeGreaterThanOrEqual(2);
    expect((await row('LC-3')).online).toBe(false);
    expect((await row('LC-4')).online).toBe(false);
    expect(eventsOf('station.disconnected', 'LC-3').at(-1)?.data).toMatchObject({ replaced: false, reason: 'server restarted' });
    expect(await kit.database.db.selectFrom('station_connections').where('node_id', '=', 'test-node').where('disconnected_at', 'is', null).selectAll().execute()).toEqual([]);
  });

  it('writes last_seen_at at most once a minute per station', async () => {
    await kit.connect('SEEN-1');
    const connectedAt = kit.clock.now();
    kit.clock.advance(30_000);
    kit.stations.seen('SEEN-1');
    await kit.committer.flush();
    expect((await row('SEEN-1')).last_seen_at?.toISOString()).toBe(connectedAt.toISOString());
    kit.clock.advance(31_000);
    kit.stations.seen('SEEN-1');
    await kit.committer.flush();
    expect((await row('SEEN-1')).last_seen_at?.toISOString()).toBe(kit.clock.now().toISOString());
  });
});

describe('boot and admission checks', () => {
  it('answers Pending to a pending station, and lets it send only boots and heartbeats until approved', async () => {
    await kit.stations.admit(request('PEND-1'));
    await kit.stations.connected('PEND-1', '1.6', '10.0.0.7');
    const first = await kit.stations.boot('PEND-1', '1.6', { vendor: 'V', model: 'M' });
    expect(first.status).toBe('Pending');
    expect(first.intervalS).toBe(60);
    expect(() => kit.stations.assertAccepted('PEND-1')).toThrow(/pending/);
    await kit.stations.approve('PEND-1');
    kit.stations.assertAccepted('PEND-1');
    expect(eventsOf('station.admission', 'PEND-1')[0]?.data).toEqual({ admission: 'accepted', previous: 'pending' });
    const second = await kit.stations.boot('PEND-1', '1.6', { vendor: 'V', model: 'M', firmwareVersion: '1.2.3', serialNumber: 'SN9' });
    expect(second).toEqual({ status: 'Accepted', intervalS: 120, currentTime: kit.clock.now() });
    const s = await kit.stations.get('PEND-1');
    expect(s).toMatchObject({ vendor: 'V', model: 'M', firmwareVersion: '1.2.3', serialNumber: 'SN9', protocol: '1.6' });
    const boots = await kit.database.db.selectFrom('station_boots').where('station_id', '=', 'PEND-1').selectAll().execute();
    expect(boots).toHaveLength(2);
    expect(eventsOf('station.booted', 'PEND-1')).toHaveLength(2);
  });

  it('answers Rejected to a station rejected while connected, and refuses its other messages', async () => {
    await kit.connect('REJ-2');
    await kit.stations.reject('REJ-2');
    expect((await kit.stations.boot('REJ-2', '1.6', { vendor: 'V', model: 'M' })).status).toBe('Rejected');
    expect(() => kit.stations.assertAccepted('REJ-2')).toThrow(OcppError);
  });
});

describe('a disconnect whose write fails', () => {
  /** A StationService over a one-connection pool the test can hold, as thousands of stations dropping at once exhaust it. */
  async function overTinyPool() {
    const pool = new pg.Pool({ connectionString: kit.database.url, max: 1, connectionTimeoutMillis: 100 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const stations = new StationService({
      db, committer: kit.committer, bus: kit.bus, clock: kit.clock, logger: silentLogger, nodeId: 'test-node',
      settings: { unknownStations: 'pending', heartbeatIntervalS: 120, disconnectRetryMs: [50, 50, 50] },
    });
    const held = await pool.connect();
    return { stations, held, close: async () => { stations.close(); await db.destroy(); } };
  }
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await check()).toBe(true);
  };

  it('is retried in the background until the station is offline in the store', async () => {
    await kit.connect('DROP-1');
    const t = await overTinyPool();
    await t.stations.disconnected('DROP-1', { code: 1006, reason: '', replaced: false });
    expect((await row('DROP-1')).online).toBe(true);
    t.held.release();
    await until(async () => !(await row('DROP-1')).online);
    expect(eventsOf('station.disconnected', 'DROP-1').at(-1)!.data).toMatchObject({ code: 1006, replaced: false });
    await t.close();
  });

  it('leaves a station alone that reconnected before the retry', async () => {
    await kit.connect('DROP-2');
    const t = await overTinyPool();
    await t.stations.disconnected('DROP-2', { code: 1006, reason: '', replaced: false });
    kit.clock.advance(10);
    await kit.connect('DROP-2');
    t.held.release();
    await until(async () => eventsOf('station.disconnected', 'DROP-2').length > 0);
    expect(eventsOf('station.disconnected', 'DROP-2').at(-1)!.data).toMatchObject({ replaced: true });
    expect(await row('DROP-2')).toMatchObject({ online: true });
    const open = await kit.database.db.selectFrom('station_connections').select('disconnected_at').where('station_id', '=', 'DROP-2').where('disconnected_at', 'is', null).execute();
    expect(open).toHaveLength(1);
    await t.close();
  });
});
