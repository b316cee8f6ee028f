import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult, StationCertificatesView } from '../../http/api-types.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { createCaDataDir, type CaDataDir } from '../../test-kit/certificates.js';
import { waitUntil } from '../../test-kit/eventually.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { testStationOptions } from '../../test-kit/test-csms.js';
import { certificateFacts, parseCertificates } from './certificate-facts.js';

let pki: CaDataDir;
let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
const sims: SimStation[] = [];

beforeAll(async () => {
  pki = await createCaDataDir();
  server = await startTestServer({ dataDir: pki.dataDir });
  admin = await apiClient(server, 'admin');
  viewer = await apiClient(server, 'viewer');
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
  await server.close();
  await pki.close();
});

describe.each(['1.6', '2.0.1'] as const)('station certificates over OCPP %s', (version) => {
  const id = `CERT-${version.replaceAll('.', '')}`;
  let sim: SimStation;
  const view = async () => (await viewer.get<StationCertificatesView>(`/api/stations/${id}/certificates`)).body;

  beforeAll(async () => {
    sim = new SimStation(testStationOptions(server.stationUrl, id, version));
    sims.push(sim);
    await sim.start();
  });

  it('signs the CSR the station sends when triggered and records what the station did with the chain', async () => {
    const trigger = await admin.post<CommandResult>(`/api/stations/${id}/commands/trigger`, { message: 'SignChargingStationCertificate' });
    expect(trigger.body.status).toBe('Accepted');
    const known = await waitUntil(async () => (await view()).known.find((k) => k.status !== 'sent'), 10_000, 'the station answer to CertificateSigned');
    expect(known).toMatchObject({ source: 'issued', certificateType: 'ChargingStationCertificate', status: 'accepted', stationAnswer: 'Accepted', subject: `CN=${id}` });
    // The station holds the certificate we recorded, signed by our CA, with its key.
    const held = parseCertificates(sim.security.client!.certPem);
    expect(certificateFacts(held[0]!)).toMatchObject({ serial: known.serial, fingerprint: known.fingerprint, notAfter: new Date(known.notAfter) });
    expect(await held[0]!.verify({ publicKey: held[1]!.publicKey })).toBe(true);
    expect(held[1]!.subject).toBe(parseCertificates(pki.ca.certPem)[0]!.subject);
    const { requests } = await view();
    expect(requests[0]).toMatchObject({ certificateType: 'ChargingStationCertificate', status: 'signed', subject: expect.stringContaining(`CN=${id}`), reason: null });
  });

  it('installs a root, lists it with its expiry, and deletes it', async () => {
    const install = await admin.post<{ status: string }>(`/api/stations/${id}/certificates`, { certificateType: 'CSMSRootCertificate', certificate: pki.ca.certPem });
    expect(install.body).toEqual({ status: 'Accepted' });
    const refreshed = await admin.post<StationCertificatesView>(`/api/stations/${id}/certificates/refresh`);
    expect(refreshed.status).toBe(200);
    const caFacts = certificateFacts(parseCertificates(pki.ca.certPem)[0]!);
    expect(refreshed.body.installed).toEqual([expect.objectContaining({ certificateType: 'CSMSRootCertificate', hashAlgorithm: 'SHA256', serialNumber: caFacts.serial, expiresAt: caFacts.notAfter.toISOString(), subject: caFacts.subject })]);
    expect(refreshed.body.expiringWithinDays).toBe(30);

    const entry = refreshed.body.installed[0]!;
    expect((await viewer.delete(`/api/stations/${id}/certificates/${entry.id}`)).status).toBe(403);
    expect((await admin.delete<{ status: string }>(`/api/stations/${id}/certificates/${entry.id}`)).body).toEqual({ status: 'Accepted' });
    expect(sim.security.installed).toEqual([]);
    const after = await view();
    expect(after.installed).toEqual([]);
    expect(after.known.find((k) => k.source === 'installed')).toMatchObject({ status: 'removed' });
    expect((await admin.post<StationCertificatesView>(`/api/stations/${id}/certificates/refresh`)).body.installed).toEqual([]);
  });
});

describe('certificate routes', () => {
  it('answers 404 for unknown stations and certificates, and 400 for a bad certificate', async () => {
    expect((await viewer.get('/api/stations/NOPE/certificates')).status).toBe(404);
    expect((await admin.delete('/api/stations/CERT-16/certificates/999999')).status).toBe(404);
    expect((await admin.post('/api/stations/CERT-16/certificates', { certificateType: 'CSMSRootCertificate', certificate: 'not a certificate' })).status).toBe(400);
    expect((await admin.post('/api/stations/CERT-16/certificates', { certificateType: 'V2GRootCertificate', certificate: pki.ca.certPem })).status).toBe(400);
  });
});
