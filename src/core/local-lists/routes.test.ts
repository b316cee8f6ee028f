import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, LocalListCheckResult, LocalListSyncResult, LocalListView } from '../../http/api-types.js';
import type { Payload } from '../../ocpp/index.js';
import { SimStation } from '../../sim/index.js';
import type { SimLocalListOptions } from '../../sim/local-list.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';
import { tokensForEveryStation } from './index.js';

/**
 * The whole local list sync over real sockets: server + simulated stations of both versions. The gateway
 * validates every SendLocalList / GetLocalListVersion and every answer against the official schemas.
 */

let server: TestServer;
let technician: ApiClient;
let viewer: ApiClient;
const sims: SimStation[] = [];

/** A started station that records the local list commands it answers. */
async function sim(id: string, version: '1.6' | '2.0.1', localList?: SimLocalListOptions): Promise<{ s: SimStation; sent: Array<{ action: string; payload: Payload; response?: Payload }> }> {
  const s = new SimStation(testStationOptions(server.stationUrl, id, version, { localList }));
  const sent: Array<{ action: string; payload: Payload; response?: Payload }> = [];
  s.on('command', (c) => {
    if (c.action === 'SendLocalList' || c.action === 'GetLocalListVersion') sent.push(c);
  });
  sims.push(s);
  await s.start();
  return { s, sent };
}

const view = async (id: string) => (await viewer.get<LocalListView>(`/api/stations/${id}/local-list`)).body;
const listed = (s: SimStation) => s.localList.list().map((e) => `${e.idToken}:${e.status}`);
/** What every station's list should hold now, as `token:status`. */
const expected = async () => (await tokensForEveryStation(server.database.db, new Date())).map((e) => `${e.idToken}:${e.status}`).sort();
const kinds = (sent: Array<{ action: string; payload: Payload }>) => sent.filter((c) => c.action === 'SendLocalList').map((c) => String(c.payload.updateType));

beforeAll(async () => {
  server = await startTestServer({ localListBatchMs: 100, localListSettleMs: 50 });
  technician = await apiClient(server, 'technician');
  viewer = await apiClient(server, 'viewer');
  const tokens = server.services.tokens;
  await tokens.add({ token: 'LL-A' });
  await tokens.add({ token: 'LL-B', groupId: 'LL-FLEET' });
  await tokens.add({ token: 'LL-X', status: 'blocked' });
  await tokens.add({ token: 'LL-OLD', expiresAt: '2020-01-01T00:00:00Z' });
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
});

describe.each(['1.6', '2.0.1'] as const)('local list sync with a simulated OCPP %s station', (version) => {
  const id = `LL-${version.replaceAll('.', '')}`;
  const tag = version === '1.6' ? '16' : '201';
  let station: Awaited<ReturnType<typeof sim>>;

  it('gives a new station the full list, split by the station\'s message limit', async () => {
    // Two entries per message: the three tokens go as Full (2) + Differential (1).
    station = await sim(id, version, { perMessage: 2 });
    const synced = await waitUntil(async () => ((await view(id)).state === 'in_sync' ? view(id) : undefined), 10_000, 'first sync');
    const wanted = await expected();
    const messages = Math.ceil(wanted.length / 2);
    expect(wanted).toEqual(expect.arrayContaining(['LL-A:Accepted', 'LL-B:Accepted', 'LL-X:Blocked']));
    expect(synced).toMatchObject({ ourVersion: messages, stationVersion: messages, entries: wanted.length, perMessage: 2, error: null });
    expect(kinds(station.sent)).toEqual(['Full', ...Array(messages - 1).fill('Differential')]);
    expect(station.s.localList.version).toBe(messages);
    expect(listed(station.s)).toEqual(wanted);
  });

  it('pushes a token change as a differential to the online station', async () => {
    const before = station.s.localList.version;
    await server.services.tokens.add({ token: `LL-C${tag}` });
    await waitUntil(() => station.s.localList.version > before || undefined, 10_000, 'differential');
    const last = station.sent.filter((c) => c.action === 'SendLocalList').at(-1)!;
    expect(last.payload.updateType).toBe('Differential');
    expect(JSON.stringify(last.payload)).toContain(`LL-C${tag}`);
    expect(JSON.stringify(last.payload)).not.toContain('LL-A');
    expect(listed(station.s)).toContain(`LL-C${tag}:Accepted`);
    await waitUntil(async () => ((await view(id)).ourVersion === before + 1 ? true : undefined), 5_000, 'state after differential');
    expect(await view(id)).toMatchObject({ state: 'in_sync', entries: (await expected()).length });
    expect(listed(station.s)).toEqual(await expected());
  });

  it('answers a check with the station\'s version, and a sync by hand with the station\'s answer', async () => {
    const check = await technician.post<LocalListCheckResult>(`/api/stations/${id}/local-list/check`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ stationVersion: station.s.localList.version, inSync: true });
    const upToDate = await technician.post<LocalListSyncResult>(`/api/stations/${id}/local-list/sync`, {});
    expect(upToDate.body).toMatchObject({ status: 'UpToDate', messages: 0, full: false });
    const full = await technician.post<LocalListSyncResult>(`/api/stations/${id}/local-list/sync`, { full: true });
    expect(full.status).toBe(200);
    expect(full.body.status).toBe('Accepted');
    expect(full.body.full).toBe(true);
    expect(full.body.view).toMatchObject({ state: 'in_sync', ourVersion: station.s.localList.version, stationVersion: station.s.localList.version });
    expect(kinds(station.sent).at(-full.body.messages)).toBe('Full');
  });

  it('gives a station that comes back with another list version the full list', async () => {
    const ours = (await view(id)).ourVersion;
    await station.s.stop();
    // A new station under the same identity: a factory-fresh list at version 0.
    station = await sim(id, version, { perMessage: 2 });
    await waitUntil(() => station.s.localList.version > ours || undefined, 10_000, 'full update after reconnect');
    expect(station.sent[0]).toMatchObject({ action: 'GetLocalListVersion' });
    expect(kinds(station.sent)[0]).toBe('Full');
    await waitUntil(async () => ((await view(id)).state === 'in_sync' ? true : undefined), 5_000, 'in sync again');
    expect(listed(station.s)).toEqual(await expected());
    expect(listed(station.s)).toContain(`LL-C${tag}:Accepted`);
    expect(listed(station.s).some((e) => e.startsWith('LL-OLD'))).toBe(false);
  });

  it('pushes a blocked token as Blocked, and a removed one as a removal', async () => {
    await server.services.tokens.setStatus(`LL-C${tag}`, 'blocked');
    await waitUntil(() => station.s.localList.statusOf(`LL-C${tag}`, Date.now()) === 'Blocked' || undefined, 10_000, 'blocked token pushed');
    await server.services.tokens.remove(`LL-C${tag}`);
    await waitUntil(() => station.s.localList.statusOf(`LL-C${tag}`, Date.now()) === undefined || undefined, 10_000, 'removed token pushed');
    expect(kinds(station.sent).at(-1)).toBe('Differential');
    expect(station.s.localList.statusOf('LL-A', Date.now())).toBe('Accepted');
  });
});

describe('stations without a usable local list', () => {
  it('records NotSupported and does not push to the station again', async () => {
    const { sent } = await sim('LL-NOSUP', '2.0.1', { supported: false });
    await waitUntil(async () => ((await view('LL-NOSUP')).state === 'not_supported' ? true : undefined), 10_000, 'not supported');
    const { s: other } = await sim('LL-OTHER', '1.6');
    await waitUntil(async () => ((await view('LL-OTHER')).state === 'in_sync' ? true : undefined), 10_000, 'other in sync');
    await server.services.tokens.add({ token: 'LL-AFTER' });
    await waitUntil(() => other.localList.statusOf('LL-AFTER', Date.now()) || undefined, 10_000, 'pushed to the other station');
    expect(sent.filter((c) => c.action === 'SendLocalList')).toEqual([]);
    expect((await view('LL-NOSUP')).state).toBe('not_supported');
  });

  it('clears the cache of a station without a local list when a token loses its access', async () => {
    const nosup = sims.find((s) => s.id === 'LL-NOSUP')!;
    const cleared: string[] = [];
    nosup.on('command', (c) => {
      if (c.action === 'ClearCache') cleared.push(String(c.response?.status));
    });
    await server.services.tokens.setStatus('LL-AFTER', 'blocked');
    await waitUntil(() => cleared.length > 0 || undefined, 10_000, 'cache cleared');
    expect(cleared).toEqual(['Accepted']);
  });

  it('records a switched-off list (1.6 LocalAuthListEnabled false) as disabled', async () => {
    const { sent } = await sim('LL-OFF', '1.6', { enabled: false });
    await waitUntil(async () => ((await view('LL-OFF')).state === 'disabled' ? true : undefined), 10_000, 'disabled');
    expect(sent.filter((c) => c.action === 'SendLocalList')).toEqual([]);
  });

  it('records a list a 2.0.1 station refuses (too long) as failed, to be retried in full', async () => {
    await sim('LL-SMALL201', '2.0.1', { maxLength: 2 });
    const failed = await waitUntil(async () => ((await view('LL-SMALL201')).state === 'failed' ? view('LL-SMALL201') : undefined), 10_000, 'refused list');
    expect(failed).toMatchObject({ error: 'station answered Failed', fullNeeded: true, failures: 1, entries: 0 });
    expect(failed.nextAttemptAt).not.toBeNull();
  });

  it('cuts the list to what a 1.6 station says it holds', async () => {
    await sim('LL-SMALL', '1.6', { maxLength: 2 });
    const synced = await waitUntil(async () => ((await view('LL-SMALL')).state === 'in_sync' ? view('LL-SMALL') : undefined), 10_000, 'fitted list');
    // 1.6 says how many entries it holds, so the list is cut to fit (Accepted tokens first).
    expect(synced).toMatchObject({ entries: 2, maxEntries: 2 });
    expect(synced.dropped).toBeGreaterThan(0);
  });
});

describe('access rules', () => {
  it('lists only the tokens the station\'s access rule lets in, and follows a rule change', async () => {
    const { s } = await sim('LL-PRIVATE', '2.0.1');
    await waitUntil(() => s.localList.statusOf('LL-A', Date.now()) || undefined, 10_000, 'public list');
    const admin = await apiClient(server, 'admin');
    const rule = await admin.put('/api/stations/LL-PRIVATE/access', { mode: 'private', tokens: ['LL-A'] });
    expect(rule.status).toBe(200);
    await waitUntil(() => s.localList.statusOf('LL-B', Date.now()) === undefined || undefined, 10_000, 'private list');
    expect(s.localList.statusOf('LL-A', Date.now())).toBe('Accepted');
    // Blocked tokens stay listed as Blocked wherever they are.
    expect(s.localList.statusOf('LL-X', Date.now())).toBe('Blocked');
  });
});

describe('the local list API', () => {
  it('answers 504 for an offline station, 404 for an unknown one, and checks roles', async () => {
    await server.services.stations.create({ id: 'LL-OFFLINE' });
    const offline = await technician.post<ApiError>('/api/stations/LL-OFFLINE/local-list/sync');
    expect(offline.status).toBe(504);
    expect(await view('LL-OFFLINE')).toMatchObject({ state: 'failed', error: expect.stringMatching(/^station_offline/) });
    expect((await technician.post('/api/stations/NOPE/local-list/sync')).status).toBe(404);
    expect((await viewer.get('/api/stations/NOPE/local-list')).status).toBe(404);
    expect((await viewer.post('/api/stations/LL-OFFLINE/local-list/sync')).status).toBe(403);
    expect((await viewer.post('/api/stations/LL-OFFLINE/local-list/check')).status).toBe(403);
    expect((await technician.post('/api/stations/LL-OFFLINE/local-list/sync', { full: 'yes' })).status).toBe(400);
  });
});
