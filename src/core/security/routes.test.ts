import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../notifications/index.js';
import { FakeClock } from '../shared/clock.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { signedPost } from '../../test-kit/signed-request.js';
import type { CameraEventView, Page, SecuritySourceView, SecuritySourceWithSecret, SecurityTimelineEntry, StationSecurityEventView } from '../../http/api-types.js';

const URL = '/api/integrations/security-events';
const clock = new FakeClock('2026-03-02T10:00:00Z');
let server: TestServer;
let admin: ApiClient;
let source: SecuritySourceWithSecret;
let siteId: string;

const nowS = () => Math.floor(clock.nowMs() / 1000);
const cameraEvents = async () => Number((await server.database.db.selectFrom('camera_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const body = (fields: Record<string, unknown>) => JSON.stringify({ source: source.id, cameraId: 'cam-door', eventType: 'motion', at: clock.now().toISOString(), ...fields });

beforeAll(async () => {
  server = await startTestServer({ unknownTokens: 'reject' }, { clock });
  admin = await apiClient(server, 'admin');
  siteId = (await admin.post<{ id: string }>('/api/sites', { name: 'Depot' })).body.id;
  for (const id of ['SEC-A', 'SEC-B']) expect((await admin.post('/api/stations', { id, siteId })).status).toBe(201);
  const created = await admin.post<SecuritySourceWithSecret>('/api/security-sources', {
    name: 'Yard NVR', cameras: [{ cameraId: 'cam-door', siteId, stationIds: ['SEC-A'] }, { cameraId: 'cam-lot', siteId, stationIds: [] }, { cameraId: 'cam-b', siteId, stationIds: ['SEC-B'] }],
  });
  expect(created.status).toBe(201);
  source = created.body;
});
afterAll(async () => server.close());

describe('camera webhook', () => {
  it('stores a well-signed event with its camera mapping and raises an incident for tamper', async () => {
    const res = await signedPost(server.http.fastify, URL, body({ eventType: 'tamper', snapshotUrl: 'https://nvr.example/snap/1.jpg', details: { zone: 'door' } }), { secret: source.secret, atS: nowS() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sourceName: 'Yard NVR', cameraId: 'cam-door', eventType: 'tamper', siteId, stationIds: ['SEC-A'], snapshotUrl: 'https://nvr.example/snap/1.jpg' });
    const incident = await waitUntil(() => server.database.db.selectFrom('incidents').selectAll().where('rule_key', '=', 'camera_alarm').executeTakeFirst(), 10_000, 'camera incident');
    expect(incident).toMatchObject({ subject_key: 'station:SEC-A', severity: 'critical' });
    const list = await admin.get<Page<CameraEventView>>(`/api/camera-events?stationId=SEC-A`);
    expect(list.body.items.map((e) => e.eventType)).toEqual(['tamper']);
  });

  it('stores an unknown camera against the source only', async () => {
    const res = await signedPost(server.http.fastify, URL, body({ cameraId: 'cam-unknown' }), { secret: source.secret, atS: nowS() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cameraId: 'cam-unknown', siteId: null, stationIds: [] });
  });

  it('refuses bad, missing, stale and future signatures, unknown and disabled sources, with nothing stored', async () => {
    const before = await cameraEvents();
    const fresh = body({ eventType: 'intrusion' });
    const cases: Array<[string, Awaited<ReturnType<typeof signedPost>>]> = [
      ['wrong secret', await signedPost(server.http.fastify, URL, fresh, { secret: 'cwsec_not-the-secret', atS: nowS() })],
      ['no signature', await signedPost(server.http.fastify, URL, fresh, {})],
      ['garbage signature', await signedPost(server.http.fastify, URL, fresh, { signature: 't=abc,v1=zz' })],
      ['stale', await signedPost(server.http.fastify, URL, fresh, { secret: source.secret, atS: nowS() - 301 })],
      ['future', await signedPost(server.http.fastify, URL, fresh, { secret: source.secret, atS: nowS() + 301 })],
      ['unknown source', await signedPost(server.http.fastify, URL, body({ source: 'no-such-source' }), { secret: source.secret, atS: nowS() })],
      ['body changed after signing', await signedPost(server.http.fastify, URL, fresh.replace('intrusion', 'motion'), { signature: signWebhook(source.secret, fresh, nowS()) })],
    ];
    expect(cases.map(([name, r]) => [name, r.status, r.body.error?.code])).toEqual(cases.map(([name]) => [name, 401, 'bad_signature']));
    expect((await admin.patch(`/api/security-sources/${source.id}`, { disabled: true })).status).toBe(200);
    expect((await signedPost(server.http.fastify, URL, fresh, { secret: source.secret, atS: nowS() })).status).toBe(401);
    expect((await admin.patch(`/api/security-sources/${source.id}`, { disabled: false })).status).toBe(200);
    expect(await cameraEvents()).toBe(before);
  });

  it('refuses a replay of a signed request within the window', async () => {
    const raw = body({ eventType: 'motion', details: { n: 1 } });
    const atS = nowS();
    expect((await signedPost(server.http.fastify, URL, raw, { secret: source.secret, atS })).status).toBe(201);
    const count = await cameraEvents();
    clock.advance(60_000);
    const again = await signedPost(server.http.fastify, URL, raw, { secret: source.secret, atS });
    expect([again.status, again.body.error?.code]).toEqual([409, 'replayed']);
    expect(await cameraEvents()).toBe(count);
  });

  it('answers 400 to malformed bodies, signed or not, storing nothing', async () => {
    const before = await cameraEvents();
    const signed = (raw: string) => signedPost(server.http.fastify, URL, raw, { secret: source.secret, atS: nowS() });
    const statuses = [
      (await signed('{"source": ')).status,
      (await signed('[1,2]')).status,
      (await signed('"text"')).status,
      (await signed(JSON.stringify({ cameraId: 'cam-door' }))).status,
      (await signed(body({ cameraId: '' }))).status,
      (await signed(body({ eventType: 'tamper; drop table' }))).status,
      (await signed(body({ at: 'yesterday' }))).status,
      (await signed(body({ snapshotUrl: 'javascript:alert(1)' }))).status,
      (await signed(body({ details: [1] }))).status,
    ];
    expect(statuses).toEqual(statuses.map(() => 400));
    const wrongType = await server.http.fastify.inject({ method: 'POST', url: URL, payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.statusCode).toBe(415);
    expect(await cameraEvents()).toBe(before);
  });
});

describe('security sources', () => {
  it('never shows a secret after creation; a rotated secret replaces the old one', async () => {
    const list = await admin.get<SecuritySourceView[]>('/api/security-sources');
    expect(list.body.find((s) => s.id === source.id)).toMatchObject({ name: 'Yard NVR', cameras: expect.arrayContaining([{ cameraId: 'cam-door', siteId, stationIds: ['SEC-A'] }]) });
    expect(JSON.stringify(list.body)).not.toContain(source.secret);
    const rotated = await admin.patch<SecuritySourceWithSecret>(`/api/security-sources/${source.id}`, { rotateSecret: true });
    expect(rotated.body.secret).toMatch(/^cwsec_/);
    expect((await signedPost(server.http.fastify, URL, body({}), { secret: source.secret, atS: nowS() })).status).toBe(401);
    expect((await signedPost(server.http.fastify, URL, body({ details: { k: 'rotated' } }), { secret: rotated.body.secret, atS: nowS() })).status).toBe(201);
    source = { ...source, secret: rotated.body.secret };
  });

  it('refuses a mapping to unknown stations or sites, and duplicate names', async () => {
    expect((await admin.post('/api/security-sources', { name: 'X', cameras: [{ cameraId: 'c', siteId: null, stationIds: ['NOPE'] }] })).status).toBe(400);
    expect((await admin.post('/api/security-sources', { name: 'yard nvr' })).status).toBe(409);
  });
});

describe('station security events and the timeline', () => {
  it('lists events with their OCPP severity, filtered and paged', async () => {
    const { stations } = server.services;
    await stations.securityEvent('SEC-B', { type: 'FirmwareUpdated', timestamp: clock.now() });
    await stations.securityEvent('SEC-B', { type: 'InvalidTLSVersion', timestamp: clock.now(), techInfo: 'TLS 1.0' });
    await stations.securityEvent('SEC-B', { type: 'AcmeDoorOpened', timestamp: clock.now() });
    const all = await admin.get<Page<StationSecurityEventView>>('/api/stations/SEC-B/security-events');
    expect(all.body.items.map((e) => [e.type, e.severity])).toEqual([['AcmeDoorOpened', 'info'], ['InvalidTLSVersion', 'warning'], ['FirmwareUpdated', 'critical']]);
    expect((await admin.get<Page<StationSecurityEventView>>(`/api/security-events?severity=critical&siteId=${siteId}`)).body.items.map((e) => e.type)).toEqual(['FirmwareUpdated']);
    const first = await admin.get<Page<StationSecurityEventView>>('/api/security-events?stationId=SEC-B&limit=2');
    const second = await admin.get<Page<StationSecurityEventView>>(`/api/security-events?stationId=SEC-B&limit=2&cursor=${first.body.nextCursor!}`);
    expect([...first.body.items, ...second.body.items].map((e) => e.type)).toEqual(all.body.items.map((e) => e.type));
    expect((await admin.get('/api/security-events?cursor=nonsense')).status).toBe(400);
  });

  it('merges security events, camera events, connector statuses, failed logins and refused tokens in time order', async () => {
    const { stations, tokens } = server.services;
    clock.advance(3_600_000);
    const step = () => clock.advance(1_000);
    await stations.securityEvent('SEC-A', { type: 'TamperDetectionActivated', timestamp: clock.now(), techInfo: 'cabinet' });
    step();
    expect((await signedPost(server.http.fastify, URL, body({ eventType: 'motion', details: { seq: 'timeline' } }), { secret: source.secret, atS: nowS() })).status).toBe(201);
    step();
    expect((await signedPost(server.http.fastify, URL, body({ cameraId: 'cam-lot', eventType: 'motion' }), { secret: source.secret, atS: nowS() })).status).toBe(201);
    step();
    expect((await signedPost(server.http.fastify, URL, body({ cameraId: 'cam-b', eventType: 'motion' }), { secret: source.secret, atS: nowS() })).status).toBe(201);
    step();
    await stations.statusChanged('SEC-A', { evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', timestamp: clock.now() });
    step();
    server.bus.publish({ type: 'station.login_failed', at: clock.now().toISOString(), stationId: 'SEC-A', data: { address: '192.0.2.9', reason: 'wrong password', status: 401 } });
    step();
    await tokens.authorize('STOLEN-CARD', { stationId: 'SEC-A' });
    await waitUntil(async () => (await server.database.db.selectFrom('authorization_refusals').select('id').where('station_id', '=', 'SEC-A').executeTakeFirst()) ?? false, 10_000, 'refusal recorded');
    const from = new Date(clock.nowMs() - 10_000).toISOString();
    const timeline = await admin.get<Page<SecurityTimelineEntry>>(`/api/stations/SEC-A/security-timeline?from=${from}`);
    expect(timeline.body.items.map((e) => [e.kind, e.severity])).toEqual([
      ['authorization_refused', 'warning'],
      ['login_failed', 'warning'],
      ['connector_status', 'warning'],
      ['camera_event', 'info'],
      ['camera_event', 'info'],
      ['security_event', 'critical'],
    ]);
    expect(timeline.body.items.map((e) => e.title)).toEqual([
      'Token STOLEN-CARD refused (Invalid)',
      'Failed station login: wrong password from 192.0.2.9',
      'Connector 1 Faulted (GroundFailure)',
      'Camera cam-lot (Yard NVR): motion',
      'Camera cam-door (Yard NVR): motion',
      'Security event TamperDetectionActivated (cabinet)',
    ]);
    const page1 = await admin.get<Page<SecurityTimelineEntry>>(`/api/stations/SEC-A/security-timeline?from=${from}&limit=4`);
    const page2 = await admin.get<Page<SecurityTimelineEntry>>(`/api/stations/SEC-A/security-timeline?from=${from}&limit=4&cursor=${page1.body.nextCursor!}`);
    expect([...page1.body.items, ...page2.body.items].map((e) => e.id + e.kind)).toEqual(timeline.body.items.map((e) => e.id + e.kind));
    expect((await admin.get('/api/stations/NOPE/security-timeline')).status).toBe(404);
  });
});
