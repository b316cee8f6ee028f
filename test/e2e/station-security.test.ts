import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/bus/bus.js';
import { FakeClock } from '../../src/core/shared/clock.js';
import type { KeyAndCertificate } from '../../src/core/pki/index.js';
import { apiClient, type ApiClient } from '../../src/test-kit/api.js';
import { waitUntil } from '../../src/test-kit/eventually.js';
import { TestStation, type ConnectOutcome, type StationConnectOptions } from '../../src/test-kit/gateway-harness.js';
import { startTestServer, type TestServer } from '../../src/test-kit/server.js';
import { createTestPki, type TestPki } from '../../src/test-kit/tls.js';

// Security profiles 1-3 over real sockets: plain ws, wss with our server certificate, client certificates made
// here (right CN, wrong CN, another CA, expired), a TLS-terminating proxy's headers, and failed-login lockout.

const WINDOW_S = 60;
const LOCKOUT_S = 120;
const PROXY = '127.0.0.2';
const CERT_HEADER = 'x-ssl-client-cert';
let pki: TestPki;
let server: TestServer;
let api: ApiClient;
let clock: FakeClock;
let wssUrl: string;
const failures: DomainEvent[] = [];
const opened: TestStation[] = [];

beforeAll(async () => {
  pki = await createTestPki();
  // The proxy checks certificate validity by this clock; it starts at the real time the certificates were made.
  clock = new FakeClock(Date.now());
  server = await startTestServer({
    ocppTlsPort: 0, ocppTlsCert: pki.files.serverCert, ocppTlsKey: pki.files.serverKey, ocppClientCa: pki.files.caCert,
    ocppProxyAddresses: PROXY, ocppProxyCertHeader: CERT_HEADER,
    stationLoginMaxFailures: 3, stationLoginAddressMaxFailures: 6, stationLoginWindow: WINDOW_S, stationLoginLockout: LOCKOUT_S,
  }, { clock });
  wssUrl = server.ocppTlsUrl!;
  api = await apiClient(server);
  server.bus.subscribe((e) => failures.push(e), ['station.login_failed']);
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await server?.close();
  await pki?.close();
});
beforeEach(() => {
  // Each test starts with no failed logins counted.
  clock.advance((WINDOW_S + LOCKOUT_S) * 1000);
});

const basic = (id: string, password: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` });
const trustOurCa = (client?: KeyAndCertificate): StationConnectOptions['tls'] => ({ ca: pki.ca.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) });

async function attempt(url: string, options: StationConnectOptions = {}): Promise<number> {
  const outcome: ConnectOutcome = await TestStation.attempt(url, ['ocpp2.0.1'], options);
  if (!outcome.ok) return outcome.status;
  opened.push(outcome.station);
  return 101;
}

async function profileRecorded(id: string, profile: number): Promise<void> {
  await waitUntil(async () => {
    const row = await server.database.db.selectFrom('stations').select(['security_profile', 'online']).where('id', '=', id).executeTakeFirstOrThrow();
    return row.online && row.security_profile === profile;
  }, 5000, `${id} online with profile ${profile}`);
}

async function station(id: string, securityProfile: number, password?: string): Promise<void> {
  await server.services.stations.create({ id, password });
  const res = await api.patch(`/api/stations/${id}`, { securityProfile });
  expect(res.status).toBe(200);
}

describe('security profile 1', () => {
  it('admits Basic auth on plain ws and records profile 1', async () => {
    await station('SP1-A', 1, 'profile-one-password');
    expect(await attempt(`${server.stationUrl}/SP1-A`, { headers: basic('SP1-A', 'wrong-password-0001') })).toBe(401);
    expect(await attempt(`${server.stationUrl}/SP1-A`, { headers: basic('SP1-A', 'profile-one-password') })).toBe(101);
    await profileRecorded('SP1-A', 1);
    const detail = await api.get<{ securityProfile: number; requiredSecurityProfile: number }>('/api/stations/SP1-A');
    expect(detail.body).toMatchObject({ securityProfile: 1, requiredSecurityProfile: 1 });
  });
});

describe('security profile 2', () => {
  it('refuses plain ws, refuses a wrong password over wss, and admits the right one over wss', async () => {
    await station('SP2-A', 2, 'profile-two-password');
    expect(await attempt(`${server.stationUrl}/SP2-A`, { headers: basic('SP2-A', 'profile-two-password') })).toBe(403);
    expect(await attempt(`${wssUrl}/SP2-A`, { tls: trustOurCa(), headers: basic('SP2-A', 'wrong-password-0002') })).toBe(401);
    expect(await attempt(`${wssUrl}/SP2-A`, { tls: trustOurCa(), headers: basic('SP2-A', 'profile-two-password') })).toBe(101);
    await profileRecorded('SP2-A', 2);
    const reasons = failures.filter((e) => e.stationId === 'SP2-A').map((e) => e.data);
    expect(reasons).toEqual([
      expect.objectContaining({ reason: 'security profile 2 requires TLS', address: '127.0.0.1', profile: 2, tls: false }),
      expect.objectContaining({ reason: 'wrong password', address: '127.0.0.1', profile: 2, tls: true }),
    ]);
  });

  it('keeps the change of the required profile in the audit log', async () => {
    const rows = await server.database.db.selectFrom('audit_log').select(['action', 'target', 'detail']).where('target', '=', 'SP2-A').where('action', '=', 'station.updated').execute();
    expect(rows.map((r) => r.detail)).toEqual([expect.objectContaining({ securityProfile: 2 })]);
  });

  it('will not require profile 1 or 2 of a station without a password', async () => {
    await server.services.stations.create({ id: 'SP2-NOPW' });
    expect((await api.patch('/api/stations/SP2-NOPW', { securityProfile: 2 })).status).toBe(400);
    expect((await api.patch('/api/stations/SP2-NOPW', { securityProfile: 4 })).status).toBe(400);
  });
});

describe('security profile 3 on our TLS port', () => {
  it('admits the certificate whose CN is the station identity, and refuses plain ws and a missing certificate', async () => {
    await station('SP3-A', 3);
    const own = await pki.station('SP3-A');
    expect(await attempt(`${server.stationUrl}/SP3-A`)).toBe(403);
    expect(await attempt(`${wssUrl}/SP3-A`, { tls: trustOurCa() })).toBe(401);
    expect(await attempt(`${wssUrl}/SP3-A`, { tls: trustOurCa(own) })).toBe(101);
    await profileRecorded('SP3-A', 3);
  });

  it('refuses a certificate with another CN, from another CA, or expired', async () => {
    await station('SP3-B', 3);
    await station('SP3-C', 3);
    const wrongCn = await pki.station('SP3-SOMEONE-ELSE');
    const foreign = await pki.station('SP3-B', { issuer: pki.otherCa });
    const expired = await pki.station('SP3-C', { notBefore: new Date(Date.now() - 10 * 86_400_000), days: 1 });
    expect(await attempt(`${wssUrl}/SP3-B`, { tls: trustOurCa(wrongCn) })).toBe(403);
    expect(await attempt(`${wssUrl}/SP3-B`, { tls: trustOurCa(foreign) })).toBe(403);
    expect(await attempt(`${wssUrl}/SP3-C`, { tls: trustOurCa(expired) })).toBe(403);
    const reasons = failures.filter((e) => e.stationId === 'SP3-B' || e.stationId === 'SP3-C').map((e) => e.data.reason);
    expect(reasons).toEqual([
      'client certificate CN is not the station identity',
      expect.stringMatching(/^client certificate not valid/),
      expect.stringMatching(/^client certificate not valid \(.*expired/i),
    ]);
  });

  it('lets a station with a password in with its own certificate instead, as profile 3', async () => {
    await station('SP3-D', 0, 'profile-zero-password');
    expect(await attempt(`${wssUrl}/SP3-D`, { tls: trustOurCa(await pki.station('SP3-D')) })).toBe(101);
    await profileRecorded('SP3-D', 3);
  });
});

describe('security profile 3 behind a TLS-terminating proxy', () => {
  const header = (cert: KeyAndCertificate) => ({ [CERT_HEADER]: encodeURIComponent(cert.certPem), 'x-forwarded-for': '198.51.100.7' });

  it('believes the certificate header from the proxy address, checking CN and issuer', async () => {
    await station('PX-A', 3);
    await station('PX-B', 3);
    expect(await attempt(`${server.stationUrl}/PX-A`, { localAddress: PROXY, headers: header(await pki.station('PX-A')) })).toBe(101);
    await profileRecorded('PX-A', 3);
    expect(await attempt(`${server.stationUrl}/PX-B`, { localAddress: PROXY, headers: header(await pki.station('PX-A')) })).toBe(403);
    expect(await attempt(`${server.stationUrl}/PX-B`, { localAddress: PROXY, headers: header(await pki.station('PX-B', { issuer: pki.otherCa })) })).toBe(403);
    // The station's own address, as the proxy forwarded it, is what is logged and rate-limited.
    expect(failures.filter((e) => e.stationId === 'PX-B').map((e) => e.data.address)).toEqual(['198.51.100.7', '198.51.100.7']);
  });

  it('ignores the header from any other address', async () => {
    await station('PX-C', 3);
    expect(await attempt(`${server.stationUrl}/PX-C`, { headers: header(await pki.station('PX-C')) })).toBe(403);
    expect(failures.filter((e) => e.stationId === 'PX-C').at(-1)?.data).toMatchObject({ address: '127.0.0.1', tls: false, clientCertificate: null });
  });
});

describe('failed-login limits', () => {
  it('locks an identity out after repeated failures, without checking even the right password, until the cool-down ends', async () => {
    await station('RL-A', 1, 'rate-limit-password-a');
    for (let i = 0; i < 3; i++) expect(await attempt(`${server.stationUrl}/RL-A`, { headers: basic('RL-A', `wrong-password-${i}-000`) })).toBe(401);
    const locked = await TestStation.attempt(`${server.stationUrl}/RL-A`, ['ocpp2.0.1'], { headers: basic('RL-A', 'rate-limit-password-a') });
    expect(locked).toMatchObject({ ok: false, status: 429, headers: { 'retry-after': String(LOCKOUT_S) } });
    // Another address is locked out too: the identity is.
    expect(await attempt(`${server.stationUrl}/RL-A`, { localAddress: '127.0.0.5', headers: basic('RL-A', 'rate-limit-password-a') })).toBe(429);
    expect(failures.filter((e) => e.stationId === 'RL-A').at(-1)?.data.locked).toEqual(['identity']);
    clock.advance(LOCKOUT_S * 1000);
    expect(await attempt(`${server.stationUrl}/RL-A`, { headers: basic('RL-A', 'rate-limit-password-a') })).toBe(101);
  });

  it('locks an address out after failures spread over many identities, leaving other addresses alone', async () => {
    await station('RL-B', 1, 'rate-limit-password-b');
    const from = { localAddress: '127.0.0.9' };
    for (let i = 0; i < 6; i++) {
      await server.services.stations.create({ id: `RL-GUESS-${i}`, password: 'the-real-password-x' });
      expect(await attempt(`${server.stationUrl}/RL-GUESS-${i}`, { ...from, headers: basic(`RL-GUESS-${i}`, 'a-guessed-password-0') })).toBe(401);
    }
    expect(await attempt(`${server.stationUrl}/RL-B`, { ...from, headers: basic('RL-B', 'rate-limit-password-b') })).toBe(429);
    expect(await attempt(`${server.stationUrl}/RL-B`, { headers: basic('RL-B', 'rate-limit-password-b') })).toBe(101);
    expect(failures.filter((e) => e.stationId === 'RL-GUESS-5').at(-1)?.data.locked).toEqual(['address']);
  });
});
