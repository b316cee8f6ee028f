import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult, ProfileMoveResult, StationCertificatesView, StationDetail } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';
import { createTestPki, type TestPki } from '../../test-kit/tls.js';

// Moves to profiles 2 and 3 end to end: the simulated station comes back over our TLS port, with Basic auth for 2
// and for 3 with the client certificate our CA signed from its CSR, the CA the TLS port trusts for client certificates.

const PASSWORD = 'a-long-station-password-2';
let pki: TestPki;
let server: TestServer;
let admin: ApiClient;
let tlsUrl: string;
const sims: SimStation[] = [];

beforeAll(async () => {
  pki = await createTestPki();
  server = await startTestServer({
    dataDir: await pki.caDataDir(), profileMoveTimeout: 20,
    ocppTlsPort: 0, ocppTlsCert: pki.files.serverCert, ocppTlsKey: pki.files.serverKey, ocppClientCa: pki.files.caCert,
  });
  tlsUrl = server.ocppTlsUrl!;
  admin = await apiClient(server, 'admin');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server?.close();
  await pki?.close();
});

describe.each(['1.6', '2.0.1'] as const)('moving a simulated OCPP %s station over TLS to security profiles 2 and 3', (version) => {
  const id = `MOVE-TLS-${version.replaceAll('.', '')}`;
  let sim: SimStation;
  const detail = async () => (await admin.get<StationDetail>(`/api/stations/${id}`)).body;
  const switchSteps = (priority: string) => (version === '1.6'
    ? [['switch', 'Accepted']]
    : [['read-priority', priority], ['network-profile', 'Accepted'], ['priority', 'Accepted'], ['reset', 'Accepted']]);

  beforeAll(async () => {
    // 1.6 cannot be told a new URL: the station knows our TLS endpoint for profiles 2 and 3 beforehand.
    sim = new SimStation(testStationOptions(server.stationUrl, id, version, { tls: { ca: pki.ca.certPem, url: tlsUrl } }));
    sims.push(sim);
    await sim.start();
    expect(sim.link.url).toBe(`${server.stationUrl}/${id}`);
  });

  it('profile 2: sets the password, switches, and raises our minimum once the station is back over wss with Basic auth', async () => {
    const moved = await admin.post<ProfileMoveResult>(`/api/stations/${id}/security-profile`, { profile: 2, password: PASSWORD });
    expect(moved.status).toBe(200);
    expect(moved.body.steps.map((s) => [s.step, s.answer])).toEqual([
      ['password', 'Accepted'], ['store-password', 'done'], ...switchSteps('0'), ['reconnect', 'profile 2'], ['raise-minimum', 'done'],
    ]);
    expect(moved.body.ok).toBe(true);
    expect(sim.security.profile).toBe(2);
    expect(sim.link.url).toBe(`${tlsUrl}/${id}`);
    expect(await detail()).toMatchObject({ securityProfile: 2, requiredSecurityProfile: 2, hasPassword: true, online: true });
  });

  it('profile 3: the station gets its certificate from our CA, switches, and is back over wss presenting it', async () => {
    const trigger = await admin.post<CommandResult>(`/api/stations/${id}/commands/trigger`, { message: 'SignChargingStationCertificate' });
    expect(trigger.body.status).toBe('Accepted');
    await waitUntil(async () => (await admin.get<StationCertificatesView>(`/api/stations/${id}/certificates`)).body.known.some((k) => k.status === 'accepted'), 10_000, 'the station to accept its certificate');
    expect(sim.security.client).toBeDefined();

    const moved = await admin.post<ProfileMoveResult>(`/api/stations/${id}/security-profile`, { profile: 3 });
    expect(moved.status).toBe(200);
    expect(moved.body.steps.map((s) => [s.step, s.answer])).toEqual([
      ['client-certificate', 'installed'], ...switchSteps('1,0'), ['reconnect', 'profile 3'], ['raise-minimum', 'done'],
    ]);
    expect(moved.body.ok).toBe(true);
    expect(sim.security.profile).toBe(3);
    expect(sim.security.connection()).toMatchObject({ tls: { ca: pki.ca.certPem, cert: sim.security.client!.certPem } });
    expect(sim.security.connection().password).toBeUndefined();
    expect(sim.link.url).toBe(`${tlsUrl}/${id}`);
    expect(await detail()).toMatchObject({ securityProfile: 3, requiredSecurityProfile: 3, online: true });
  });
});
