import { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '../core/certificates/x509.js';
import { createCertificateAuthority, pkiPaths, writePair, type KeyAndCertificate } from '../core/pki/index.js';

/** A data dir holding a private CA where `chargewatch certs init-ca` puts it, for a test server's `dataDir`. */
export interface CaDataDir {
  dataDir: string;
  ca: KeyAndCertificate;
  close(): Promise<void>;
}

/** Makes a CA and writes it under a fresh temporary data dir. */
export async function createCaDataDir(): Promise<CaDataDir> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cw-ca-'));
  const ca = await createCertificateAuthority({ commonName: 'Chargewatch test station CA', days: 3650 });
  const paths = pkiPaths(dataDir);
  await writePair({ cert: paths.caCert, key: paths.caKey }, ca);
  return { dataDir, ca, close: () => rm(dataDir, { recursive: true, force: true }) };
}

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;

/** A PKCS#10 CSR (PEM) for a fresh key with the given subject, e.g. `[{ CN: ['CP-1'] }]`. */
export async function createCsr(name: x509.JsonName, keyType: 'ec' | 'rsa' = 'ec'): Promise<string> {
  const algorithm = keyType === 'rsa' ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return (await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: algorithm })).toString('pem');
}
