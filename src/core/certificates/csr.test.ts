import { beforeAll, describe, expect, it } from 'vitest';
import { createCsr } from '../../test-kit/certificates.js';
import { checkCsr } from './csr.js';
import { x509 } from './x509.js';

/** The same CSR with one byte of its signature flipped. */
function tampered(pem: string): string {
  const der = Buffer.from(new x509.Pkcs10CertificateRequest(pem).rawData);
  der[der.length - 3] = der[der.length - 3]! ^ 0x01;
  return new x509.Pkcs10CertificateRequest(der).toString('pem');
}

const pems: Record<string, string> = {};
beforeAll(async () => {
  pems.good = await createCsr([{ CN: ['CP-1'] }, { O: ['Acme'] }]);
  pems.rsa = await createCsr([{ CN: ['CP-1'] }], 'rsa');
  pems.wrongCn = await createCsr([{ CN: ['CP-2'] }]);
  pems.noCn = await createCsr([{ O: ['Acme'] }]);
  pems.badSignature = tampered(pems.good);
});

describe('checkCsr', () => {
  it.each([
    ['a sound CSR with CN = station identity (ECDSA)', 'good', 'ChargingStationCertificate', { ok: true, commonName: 'CP-1', subject: 'CN=CP-1, O=Acme' }],
    ['a sound CSR with CN = station identity (RSA)', 'rsa', 'ChargingStationCertificate', { ok: true, commonName: 'CP-1' }],
    ['a CN that is another station', 'wrongCn', 'ChargingStationCertificate', { ok: false, reason: 'CN "CP-2" is not the station identity', subject: 'CN=CP-2' }],
    ['a V2G certificate may name someone else', 'wrongCn', 'V2GCertificate', { ok: true, commonName: 'CP-2' }],
    ['no common name', 'noCn', 'ChargingStationCertificate', { ok: false, reason: 'CSR has no common name' }],
    ['a signature that does not verify', 'badSignature', 'ChargingStationCertificate', { ok: false, reason: 'CSR signature does not verify' }],
  ] as const)('%s', async (_what, which, type, expected) => {
    expect(await checkCsr(pems[which]!, 'CP-1', type)).toMatchObject(expected);
  });

  it.each([
    ['text that is not PEM', 'hello'],
    ['a PEM block of garbage', '-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAA\n-----END CERTIFICATE REQUEST-----'],
    ['an empty string', ''],
  ])('refuses %s', async (_what, pem) => {
    expect(await checkCsr(pem, 'CP-1', 'ChargingStationCertificate')).toEqual({ ok: false, reason: 'not a PKCS#10 certificate request' });
  });

  it('refuses a CSR longer than OCPP allows', async () => {
    expect(await checkCsr(`${pems.good}${' '.repeat(5_500)}`, 'CP-1', 'ChargingStationCertificate')).toEqual({ ok: false, reason: 'CSR too long' });
  });

  it('hands back the public key to certify', async () => {
    const checked = await checkCsr(pems.good!, 'CP-1', 'ChargingStationCertificate');
    if (!checked.ok) throw new Error(checked.reason);
    expect(Buffer.from(checked.publicKey)).toEqual(Buffer.from(new x509.Pkcs10CertificateRequest(pems.good!).publicKey.rawData));
  });
});
