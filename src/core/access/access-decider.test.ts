import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { DriverService } from '../drivers/index.js';
import { SiteService } from '../sites/index.js';
import type { NewToken } from '../tokens/index.js';
import { AccessDecider } from './access-decider.js';
import { AccessRulesService } from './access-rules-service.js';
import type { AccessStatus, AccessWhere } from './access.js';
import { tokenSource } from './token-source.js';

/**
 * Tokens × access rules over the real database: public, private and schedule rules at site and station
 * level, groups, drivers and listed tokens, schedule edges in New York time (UTC-5 in January), token
 * status and expiry, and the limits (concurrent sessions, monthly sessions and energy).
 */

let kit: CoreKit;
let rules: AccessRulesService;
const T0 = '2026-01-01T00:00:00Z'; // a Thursday; the kit's clock starts here
const Z = (iso: string) => new Date(iso);

beforeAll(async () => {
  kit = await createCoreKit({ start: T0 });
  const sites = new SiteService({ db: kit.database.db, bus: kit.bus, clock: kit.clock });
  rules = new AccessRulesService({ db: kit.database.db, bus: kit.bus, clock: kit.clock });
  const drivers = new DriverService({ db: kit.database.db, clock: kit.clock, ids: kit.ids, users: { get: async (id) => ({ id, role: 'driver' }) } });
  const harbour = await sites.create({ name: 'Harbour Park', timezone: 'America/New_York' });
  const plaza = await sites.create({ name: 'Open Plaza', timezone: 'America/New_York' });
  const depot = await sites.create({ name: 'Night Depot', timezone: 'America/New_York' });
  const yard = await sites.create({ name: 'Day Yard', timezone: 'America/New_York' });
  const alice = await drivers.create({ name: 'Alice' });

  await rules.setForSite(harbour.id, { mode: 'private', groupIds: ['FLEET-A'], tokens: ['GUEST-1'], driverIds: [alice.id] }, 'test');
  await rules.setForSite(depot.id, { mode: 'schedule', schedule: { thu: [['08:00', '18:00']] }, outside: 'listed', groupIds: ['NIGHT'] }, 'test');
  await rules.setForSite(yard.id, { mode: 'schedule', schedule: { thu: [['08:00', '18:00']] }, outside: 'nobody', groupIds: ['NIGHT'] }, 'test');
  for (const [id, siteId] of [['HP-1', harbour.id], ['HP-2', harbour.id], ['OP-1', plaza.id], ['OP-2', plaza.id], ['ND-1', depot.id], ['DY-1', yard.id], ['LONE', undefined]] as const) {
    await kit.stations.create({ id, ...(siteId ? { siteId } : {}) });
  }
  await rules.setForStation('HP-2', { mode: 'public' }, 'test');
  await rules.setForStation('OP-2', { mode: 'private', tokens: ['VIP-1'] }, 'test');

  const add = (token: string, more: Omit<NewToken, 'token'>) => kit.tokens.add({ token, ...more });
  await add('FLEET-A-1', { groupId: 'FLEET-A' });
  await add('GUEST-1', {});
  await add('DRV-1', { driverId: alice.id });
  await add('RANDOM-1', {});
  await add('VIP-1', {});
  await add('NIGHT-1', { groupId: 'NIGHT' });
  await add('BLOCKED-1', { status: 'blocked', groupId: 'FLEET-A' });
  await add('EXPIRED-1', { status: 'expired' });
  await add('INVALID-1', { status: 'invalid' });
  await add('SOON-1', { groupId: 'FLEET-A', expiresAt: '2026-01-01T12:00:00Z' });
  await add('CONC-1', { maxConcurrentSessions: 1 });
  await add('NRG-1', { monthlyEnergyKwh: 10 });
  await add('SESS-1', { monthlySessions: 1 });

  // CONC-1 charges on OP-1 EVSE 1; NRG-1 used 10 kWh and SESS-1 one session this month (both finished).
  await kit.sessions.start({ stationId: 'OP-1', evseId: 1, connectorId: 1, idToken: { value: 'CONC-1' }, meterStartWh: 0, timestamp: T0 });
  for (const [token, wh] of [['NRG-1', 10_000], ['SESS-1', 500]] as const) {
    const { sessionId } = await kit.sessions.start({ stationId: 'LONE', evseId: 1, connectorId: 1, idToken: { value: token }, meterStartWh: 0, timestamp: T0 });
    await kit.sessions.stop({ stationId: 'LONE', transactionRef: String(sessionId), meterStopWh: wh, timestamp: '2026-01-01T01:00:00Z', samples: [], payload: {} });
  }
});
afterAll(async () => {
  await kit.close();
});

type Row = [token: string, station: string, at: string, expected: AccessStatus, more?: { evseId?: number; where?: AccessWhere }];

const rows: Row[] = [
  // site private: by group, listed token (any case), listed driver; others refused
  ['FLEET-A-1', 'HP-1', '2026-01-01T10:00:00Z', 'Accepted'],
  ['guest-1', 'HP-1', '2026-01-01T10:00:00Z', 'Accepted'],
  ['DRV-1', 'HP-1', '2026-01-01T10:00:00Z', 'Accepted'],
  ['RANDOM-1', 'HP-1', '2026-01-01T10:00:00Z', 'NotAtThisLocation'],
  // a station's own rule replaces its site's, both ways
  ['RANDOM-1', 'HP-2', '2026-01-01T10:00:00Z', 'Accepted'],
  ['FLEET-A-1', 'OP-1', '2026-01-01T10:00:00Z', 'Accepted'],
  ['FLEET-A-1', 'OP-2', '2026-01-01T10:00:00Z', 'NotAtThisLocation'],
  ['VIP-1', 'OP-2', '2026-01-01T10:00:00Z', 'Accepted'],
  ['RANDOM-1', 'LONE', '2026-01-01T10:00:00Z', 'Accepted'],
  // schedule thu 08:00-18:00 New York = 13:00-23:00 UTC; outside: NIGHT group (ND) or nobody (DY)
  ['RANDOM-1', 'ND-1', '2026-01-01T12:59:00Z', 'NotAtThisTime'],
  ['RANDOM-1', 'ND-1', '2026-01-01T13:00:00Z', 'Accepted'],
  ['RANDOM-1', 'ND-1', '2026-01-01T22:59:00Z', 'Accepted'],
  ['RANDOM-1', 'ND-1', '2026-01-01T23:00:00Z', 'NotAtThisTime'],
  ['RANDOM-1', 'ND-1', '2026-01-02T15:00:00Z', 'NotAtThisTime'],
  ['NIGHT-1', 'ND-1', '2026-01-01T23:00:00Z', 'Accepted'],
  ['NIGHT-1', 'DY-1', '2026-01-01T23:00:00Z', 'NotAtThisTime'],
  ['NIGHT-1', 'DY-1', '2026-01-01T14:00:00Z', 'Accepted'],
  // status and expiry come before the place: a blocked token of a listed group is Blocked
  ['BLOCKED-1', 'HP-1', '2026-01-01T10:00:00Z', 'Blocked'],
  ['EXPIRED-1', 'OP-1', '2026-01-01T10:00:00Z', 'Expired'],
  ['INVALID-1', 'OP-1', '2026-01-01T10:00:00Z', 'Invalid'],
  ['SOON-1', 'HP-1', '2026-01-01T11:59:00Z', 'Accepted'],
  ['SOON-1', 'HP-1', '2026-01-01T12:00:00Z', 'Expired'],
  ['SOON-1', 'OP-2', '2026-01-01T12:00:00Z', 'Expired'],
  ['NOBODY', 'OP-1', '2026-01-01T10:00:00Z', 'Unknown'],
  // limits: a second EVSE is a concurrent session, the same EVSE (its own transaction) is not
  ['CONC-1', 'OP-1', '2026-01-01T10:00:00Z', 'ConcurrentTx', { evseId: 2 }],
  ['CONC-1', 'LONE', '2026-01-01T10:00:00Z', 'ConcurrentTx', { evseId: 1, where: 'start' }],
  ['CONC-1', 'OP-1', '2026-01-01T10:00:00Z', 'Accepted', { evseId: 1 }],
  ['NRG-1', 'OP-1', '2026-01-01T10:00:00Z', 'NoCredit'],
  ['SESS-1', 'OP-1', '2026-01-01T10:00:00Z', 'NoCredit'],
  ['SESS-1', 'OP-1', '2026-02-01T10:00:00Z', 'Accepted'],
  // limits bind new charging only: a stop or an ongoing transaction event is not refused for them
  ['NRG-1', 'OP-1', '2026-01-01T10:00:00Z', 'Accepted', { where: 'stop' }],
  ['CONC-1', 'OP-1', '2026-01-01T10:00:00Z', 'Accepted', { evseId: 2, where: 'transaction' }],
  // the place still binds everywhere (a station sending a refused token learns so)
  ['RANDOM-1', 'HP-1', '2026-01-01T10:00:00Z', 'NotAtThisLocation', { where: 'transaction' }],
];

describe('AccessDecider.decide: tokens × access rules', () => {
  it.each(rows)('%s at %s, %s → %s', async (token, stationId, at, expected, more = {}) => {
    const decision = await kit.access.decide({ idToken: token, stationId, at: Z(at), where: more.where ?? 'authorize', ...(more.evseId !== undefined ? { evseId: more.evseId } : {}) });
    expect(decision.status).toBe(expected);
  });

  it('says why, carries group and expiry, and publishes the reason in token.authorization', async () => {
    const refused = await kit.access.decide({ idToken: 'RANDOM-1', stationId: 'HP-1', evseId: 2, at: Z('2026-01-01T10:00:00Z'), where: 'authorize' });
    expect(refused).toEqual({ status: 'NotAtThisLocation', reason: 'token RANDOM-1 has no access to site Harbour Park (private)', known: true });
    const event = kit.events.filter((e) => e.type === 'token.authorization').at(-1)!;
    expect(event).toMatchObject({ stationId: 'HP-1', data: { stationId: 'HP-1', idToken: 'RANDOM-1', tokenType: null, status: 'NotAtThisLocation', known: true, where: 'authorize', reason: refused.reason, evseId: 2 } });
    expect(typeof event.data.siteId).toBe('string');

    const soon = await kit.access.decide({ idToken: 'SOON-1', stationId: 'HP-1', at: Z('2026-01-01T11:00:00Z'), where: 'authorize' });
    expect(soon).toMatchObject({ status: 'Accepted', groupIdToken: 'FLEET-A', expiresAt: Z('2026-01-01T12:00:00Z') });
    expect((await kit.access.decide({ idToken: 'RANDOM-1', stationId: 'DY-1', at: Z('2026-01-01T23:00:00Z'), where: 'start' })).reason)
      .toBe('token RANDOM-1 has no access to site Day Yard at this time (schedule, America/New_York)');
    expect((await kit.access.decide({ idToken: 'CONC-1', stationId: 'OP-1', evseId: 2, at: Z('2026-01-01T10:00:00Z'), where: 'authorize' })).reason)
      .toBe('token CONC-1 has 1 session(s) running elsewhere (limit 1)');
    expect((await kit.access.decide({ idToken: 'NRG-1', stationId: 'OP-1', at: Z('2026-01-01T10:00:00Z'), where: 'authorize' })).reason)
      .toBe('token NRG-1 used 10.0 of its 10 kWh this month');
  });

  it('follows the clock for expiry when asked "now"', async () => {
    kit.clock.set(Z('2026-01-01T11:59:59Z'));
    expect((await kit.access.decide({ idToken: 'SOON-1', stationId: 'HP-1', at: kit.clock.now(), where: 'authorize' })).status).toBe('Accepted');
    kit.clock.advance(1_000);
    expect((await kit.access.decide({ idToken: 'SOON-1', stationId: 'HP-1', at: kit.clock.now(), where: 'authorize' })).status).toBe('Expired');
  });

  it('lets unknown tokens through only where the place is public, when the policy accepts them', async () => {
    const open = new AccessDecider({ db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger, tokens: tokenSource(kit.tokens), settings: { unknownTokens: 'accept' } });
    const at = Z('2026-01-01T10:00:00Z');
    expect((await open.decide({ idToken: 'NOBODY', stationId: 'OP-1', at, where: 'authorize' }))).toMatchObject({ status: 'Accepted', known: false });
    expect((await open.decide({ idToken: 'NOBODY', stationId: 'HP-1', at, where: 'authorize' }))).toMatchObject({ status: 'NotAtThisLocation', known: false });
  });
});

describe('AccessDecider.tokensAllowedAt', () => {
  it('lists the accepted, unexpired tokens the place lets in at that time', async () => {
    const names = async (stationId: string, at: string) => (await kit.access.tokensAllowedAt(stationId, Z(at))).map((t) => t.token).sort();
    expect(await names('HP-1', '2026-01-01T10:00:00Z')).toEqual(['DRV-1', 'FLEET-A-1', 'GUEST-1', 'SOON-1']);
    expect(await names('HP-1', '2026-01-01T12:00:00Z')).toEqual(['DRV-1', 'FLEET-A-1', 'GUEST-1']);
    expect(await names('OP-2', '2026-01-01T10:00:00Z')).toEqual(['VIP-1']);
    expect(await names('DY-1', '2026-01-01T23:30:00Z')).toEqual([]);
    expect(await names('ND-1', '2026-01-01T23:30:00Z')).toEqual(['NIGHT-1']);
    expect(await names('LONE', '2026-01-01T10:00:00Z')).toEqual(['CONC-1', 'DRV-1', 'FLEET-A-1', 'GUEST-1', 'NIGHT-1', 'NRG-1', 'RANDOM-1', 'SESS-1', 'SOON-1', 'VIP-1']);
  });
});
