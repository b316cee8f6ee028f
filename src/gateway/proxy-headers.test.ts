import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../test-kit/tls.js';
import { CertificateVerifier } from './client-certificate.js';
import { ProxyHeaders } from './proxy-headers.js';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(async () => {
  await pki.close();
});

const request = (remoteAddress: string, headers: Record<string, string>) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
const DAY = 86_400_000;

describe('CertificateVerifier', () => {
  it('accepts our CA\'s certificate within its validity and names the reason otherwise', async () => {
    const verifier = new CertificateVerifier(pki.ca.certPem);
    // Inside the test CA's own 30 days of validity.
    const start = new Date(Math.floor((Date.now() + DAY) / 1000) * 1000);
    const cert = (await pki.station('CP-1', { notBefore: start, days: 10 })).certPem;
    expect(verifier.verify(cert, start.getTime() + DAY, 'proxy')).toMatchObject({ verified: true, commonName: 'CP-1', source: 'proxy' });
    expect(verifier.verify(cert, start.getTime() - 1, 'proxy')).toMatchObject({ verified: false, error: 'CERT_NOT_YET_VALID' });
    expect(verifier.verify(cert, start.getTime() + 11 * DAY, 'proxy')).toMatchObject({ verified: false, error: 'CERT_HAS_EXPIRED' });
    const foreign = (await pki.station('CP-1', { issuer: pki.otherCa })).certPem;
    expect(verifier.verify(foreign, Date.now(), 'proxy')).toMatchObject({ verified: false, commonName: 'CP-1', error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(verifier.verify(cert, Date.now() + 40 * DAY, 'proxy')).toMatchObject({ verified: false, error: 'CERT_HAS_EXPIRED' });
    expect(verifier.verify('not a certificate', Date.now(), 'proxy')).toMatchObject({ verified: false, error: 'unreadable certificate' });
  });

  it('trusts every CA of a bundle, and refuses a bundle without one', async () => {
    const verifier = new CertificateVerifier(`${pki.otherCa.certPem}\n${pki.ca.certPem}`);
    expect(verifier.verify((await pki.station('CP-2')).certPem, Date.now(), 'proxy').verified).toBe(true);
    expect(() => new CertificateVerifier('')).toThrow(/no certificate/);
  });
});

describe('ProxyHeaders', () => {
  const options = { trusted: ['10.1.0.0/16', '192.0.2.9', '::1'], certHeader: 'X-SSL-Client-Cert', tlsHeader: 'x-forwarded-proto' };

  it('trusts only the configured addresses and subnets, IPv4-mapped ones included', () => {
    const proxy = new ProxyHeaders(options, new CertificateVerifier(pki.ca.certPem));
    expect(proxy.isTrusted('10.1.200.3')).toBe(true);
    expect(proxy.isTrusted('::ffff:192.0.2.9')).toBe(true);
    expect(proxy.isTrusted('::1')).toBe(true);
    expect(proxy.isTrusted('10.2.0.1')).toBe(false);
    expect(proxy.isTrusted('')).toBe(false);
    expect(proxy.read(request('10.2.0.1', { 'x-forwarded-proto': 'https' }), Date.now())).toBeUndefined();
  });

  it('reads the forwarded address, the TLS flag and the URL-encoded or tab-separated certificate', async () => {
    const proxy = new ProxyHeaders(options, new CertificateVerifier(pki.ca.certPem));
    const pem = (await pki.station('CP-3')).certPem;
    expect(proxy.read(request('10.1.0.1', { 'x-forwarded-proto': 'HTTPS', 'x-forwarded-for': '203.0.113.9, 198.51.100.4' }), Date.now()))
      .toEqual({ remoteAddress: '198.51.100.4', tls: true });
    expect(proxy.read(request('10.1.0.1', { 'x-forwarded-proto': 'http' }), Date.now())).toEqual({ remoteAddress: '10.1.0.1', tls: false });
    const viaEscaped = proxy.read(request('10.1.0.1', { 'x-ssl-client-cert': encodeURIComponent(pem) }), Date.now());
    expect(viaEscaped).toMatchObject({ tls: true, clientCertificate: { verified: true, commonName: 'CP-3' } });
    const viaTabs = proxy.read(request('10.1.0.1', { 'x-ssl-client-cert': pem.trim().replace(/\n/g, '\t') }), Date.now());
    expect(viaTabs?.clientCertificate).toMatchObject({ verified: true, commonName: 'CP-3' });
    expect(proxy.read(request('10.1.0.1', { 'x-ssl-client-cert': '(null)' }), Date.now())).toEqual({ remoteAddress: '10.1.0.1', tls: false });
  });

  it('refuses settings it cannot honour', () => {
    expect(() => new ProxyHeaders({ trusted: ['proxy.example'] }, undefined)).toThrow(/not an IP/);
    expect(() => new ProxyHeaders({ trusted: ['10.0.0.1'], certHeader: 'x-cert' }, undefined)).toThrow(/CA bundle/);
  });
});
