import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCa, serverCertificate, stationCertificate } from './certs-command.js';

let dataDir: string;
const lines: string[] = [];
const print = (line: string) => lines.push(line);
const cert = async (file: string) => new X509Certificate(await readFile(file, 'utf8'));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cw-certs-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('chargewatch certs', () => {
  it('init-ca makes a self-signed CA with a private key only its owner can read, and will not overwrite it', async () => {
    const paths = await initCa(dataDir, { days: 3650, name: 'Test network CA' }, print);
    const ca = await cert(paths.caCert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=Test network CA');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect((await stat(paths.caKey)).mode & 0o777).toBe(0o600);
    expect(createPublicKey(createPrivateKey(await readFile(paths.caKey, 'utf8'))).export({ format: 'jwk' })).toEqual(ca.publicKey.export({ format: 'jwk' }));
    expect(lines.join('\n')).toContain(paths.caCert);
    await expect(initCa(dataDir, { days: 10, name: 'Again' }, print)).rejects.toThrow(/already exists/);
  });

  it('server signs a TLS certificate for the given hosts with the CA', async () => {
    const paths = await serverCertificate(dataDir, ['csms.example.net', '127.0.0.1'], { days: 825, keyType: 'rsa' }, print);
    const [ca, server] = await Promise.all([cert(paths.caCert), cert(paths.serverCert)]);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.subjectAltName).toBe('DNS:csms.example.net, IP Address:127.0.0.1');
    expect(server.checkHost('csms.example.net')).toBe('csms.example.net');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkPrivateKey(createPrivateKey(await readFile(paths.serverKey, 'utf8')))).toBe(true);
    expect(server.publicKey.asymmetricKeyType).toBe('rsa');
    expect(lines.at(-1)).toBe(`Start with: --ocpp-tls-cert ${paths.serverCert} --ocpp-tls-key ${paths.serverKey}`);
  });

  it('station signs a client certificate whose CN is the station identity', async () => {
    const paths = await stationCertificate(dataDir, 'CP+7|east', { days: 365 }, print);
    const [ca, client] = await Promise.all([cert(paths.caCert), cert(paths.stationCert('CP+7|east'))]);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.toLegacyObject().subject).toEqual(expect.objectContaining({ CN: 'CP+7|east' }));
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(Date.parse(client.validTo) - Date.parse(client.validFrom)).toBe(365 * 86_400_000);
    expect(client.checkPrivateKey(createPrivateKey(await readFile(paths.stationKey('CP+7|east'), 'utf8')))).toBe(true);
    await expect(stationCertificate(dataDir, 'bad/id', { days: 1 }, print)).rejects.toThrow(/station id/);
  });

  it('refuses to sign without a CA', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cw-certs-empty-'));
    try {
      await expect(stationCertificate(empty, 'CP-1', { days: 1 }, print)).rejects.toThrow(/init-ca/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
