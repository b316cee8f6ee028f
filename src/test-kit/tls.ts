import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority, issueCertificate, pkiPaths, writePair, type KeyAndCertificate } from '../core/pki/index.js';

/** Certificates made for one test file: our CA, a stranger's CA, a server certificate, and station certificates. */
export interface TestPki {
  ca: KeyAndCertificate;
  otherCa: KeyAndCertificate;
  server: KeyAndCertificate;
  /** A temporary directory holding the server's files (removed by `close()`). */
  dir: string;
  files: { caCert: string; serverCert: string; serverKey: string };
  /** A client certificate with CN = `commonName`, from our CA unless `issuer` says otherwise. */
  station(commonName: string, options?: { issuer?: KeyAndCertificate; notBefore?: Date; days?: number }): Promise<KeyAndCertificate>;
  /** Puts our CA where `chargewatch certs init-ca` keeps it under `dir` and returns `dir`: a server's `dataDir` that signs CSRs with it. */
  caDataDir(): Promise<string>;
  close(): Promise<void>;
}

/** Makes a CA, a server certificate for 127.0.0.1 and localhost, and another CA, and writes the server's files. */
export async function createTestPki(): Promise<TestPki> {
  const [ca, otherCa] = await Promise.all([
    createCertificateAuthority({ commonName: 'Chargewatch test CA', days: 30 }),
    createCertificateAuthority({ commonName: 'Someone else\'s CA', days: 30 }),
  ]);
  const server = await issueCertificate(ca, { kind: 'server', commonName: 'localhost', hosts: ['localhost', '127.0.0.1'], days: 30 });
  const dir = await mkdtemp(join(tmpdir(), 'cw-pki-'));
  const files = { caCert: join(dir, 'ca.pem'), serverCert: join(dir, 'server.pem'), serverKey: join(dir, 'server.key') };
  await Promise.all([writeFile(files.caCert, ca.certPem), writeFile(files.serverCert, server.certPem), writeFile(files.serverKey, server.keyPem, { mode: 0o600 })]);
  return {
    ca, otherCa, server, dir, files,
    station: (commonName, options = {}) => issueCertificate(options.issuer ?? ca, { kind: 'client', commonName, notBefore: options.notBefore, days: options.days ?? 30 }),
    caDataDir: async () => {
      const paths = pkiPaths(dir);
      await writePair({ cert: paths.caCert, key: paths.caKey }, ca);
      return dir;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
