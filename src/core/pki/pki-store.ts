import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { KeyAndCertificate, PkiPaths } from './pki.js';

/** The file layout under `<data dir>/pki`: the CA, the server certificate, and one pair per station. */
export function pkiPaths(dataDir: string): PkiPaths {
  const dir = resolve(dataDir, 'pki');
  // Station identities may hold characters such as '|' or '*'; the file names get them percent-encoded.
  const station = (id: string, suffix: string) => join(dir, 'stations', `${encodeURIComponent(id).replace(/\*/g, '%2A')}.${suffix}`);
  return {
    dir,
    caCert: join(dir, 'ca.cert.pem'), caKey: join(dir, 'ca.key.pem'),
    serverCert: join(dir, 'server.cert.pem'), serverKey: join(dir, 'server.key.pem'),
    stationCert: (id) => station(id, 'cert.pem'), stationKey: (id) => station(id, 'key.pem'),
  };
}

/** Writes a certificate (world-readable) and its key (owner only); `exclusive` refuses to overwrite. */
export async function writePair(paths: { cert: string; key: string }, pair: KeyAndCertificate, exclusive = false): Promise<void> {
  const flag = exclusive ? 'wx' : 'w';
  await mkdir(join(paths.key, '..'), { recursive: true, mode: 0o700 });
  await writeFile(paths.key, pair.keyPem, { mode: 0o600, flag });
  await writeFile(paths.cert, pair.certPem, { mode: 0o644, flag });
}

/** Reads the CA's certificate and key; undefined when `certs init-ca` has not been run. */
export async function readCertificateAuthority(paths: PkiPaths): Promise<KeyAndCertificate | undefined> {
  try {
    const [certPem, keyPem] = await Promise.all([readFile(paths.caCert, 'utf8'), readFile(paths.caKey, 'utf8')]);
    return { certPem, keyPem };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
