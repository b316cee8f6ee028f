import { X509Certificate } from 'node:crypto';
import { access } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { loadConfig } from '../config.js';
import { createCertificateAuthority, issueCertificate, pkiPaths, readCertificateAuthority, writePair, type KeyType, type PkiPaths } from '../core/pki/index.js';
import { isStationId } from '../core/stations/index.js';
import { flagsOf, withSettings } from './settings-options.js';

/** Where the output lines go (stdout in the CLI, an array in tests). */
export type Print = (line: string) => void;

/** Options shared by the three commands. */
export interface CertOptions {
  days: number;
  keyType?: KeyType;
}

const exists = (file: string) => access(file).then(() => true, () => false);

async function caOf(paths: PkiPaths) {
  const ca = await readCertificateAuthority(paths);
  if (!ca) throw new Error(`no CA in ${paths.dir}: run \`chargewatch certs init-ca\` first`);
  return ca;
}

function describe(certPem: string): string {
  const cert = new X509Certificate(certPem);
  return `${cert.subject.replace(/\n/g, ', ')}, valid ${cert.validFrom} – ${cert.validTo}, SHA-256 ${cert.fingerprint256}`;
}

/** `certs init-ca`: a private CA in the data dir; refuses to replace an existing one unless `force`. */
export async function initCa(dataDir: string, options: CertOptions & { name: string; force?: boolean }, print: Print): Promise<PkiPaths> {
  const paths = pkiPaths(dataDir);
  if (!options.force && (await exists(paths.caKey))) throw new Error(`a CA already exists in ${paths.dir} (--force replaces it; certificates it signed stop verifying)`);
  const ca = await createCertificateAuthority({ commonName: options.name, days: options.days, keyType: options.keyType });
  await writePair({ cert: paths.caCert, key: paths.caKey }, ca);
  print(`CA certificate  ${paths.caCert}   (${describe(ca.certPem)})`);
  print(`CA private key  ${paths.caKey}   (keep it secret; it signs every station certificate)`);
  print(`Stations must trust the CA certificate; for security profile 3 start the server with --ocpp-client-ca ${paths.caCert}`);
  return paths;
}

/** `certs server`: the TLS port's certificate for the given host names and addresses, signed by the CA. */
export async function serverCertificate(dataDir: string, hosts: readonly string[], options: CertOptions, print: Print): Promise<PkiPaths> {
  if (hosts.length === 0) throw new Error('name at least one --host (the name or address stations connect to)');
  const paths = pkiPaths(dataDir);
  const pair = await issueCertificate(await caOf(paths), { kind: 'server', commonName: hosts[0]!, hosts, days: options.days, keyType: options.keyType });
  await writePair({ cert: paths.serverCert, key: paths.serverKey }, pair);
  print(`server certificate  ${paths.serverCert}   (${describe(pair.certPem)}; names ${hosts.join(', ')})`);
  print(`server private key  ${paths.serverKey}`);
  print(`Start with: --ocpp-tls-cert ${paths.serverCert} --ocpp-tls-key ${paths.serverKey}`);
  return paths;
}

/** `certs station <id>`: a client certificate with CN = the station identity, for security profile 3. */
export async function stationCertificate(dataDir: string, stationId: string, options: CertOptions, print: Print): Promise<PkiPaths> {
  if (!isStationId(stationId)) throw new Error('a station id is 1 to 48 characters of A-Z a-z 0-9 * - _ = : + | @ .');
  const paths = pkiPaths(dataDir);
  const pair = await issueCertificate(await caOf(paths), { kind: 'client', commonName: stationId, days: options.days, keyType: options.keyType });
  await writePair({ cert: paths.stationCert(stationId), key: paths.stationKey(stationId) }, pair);
  print(`station certificate  ${paths.stationCert(stationId)}   (${describe(pair.certPem)})`);
  print(`station private key  ${paths.stationKey(stationId)}`);
  print(`Install both on ${stationId} with the CA certificate ${paths.caCert}, then require security profile 3 for it.`);
  return paths;
}

function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new Error(`--days must be a whole number of days from 1 to 36500, got ${value}`);
  return days;
}

function certCommand(parent: Command, name: string, description: string, days: number): Command {
  return withSettings(parent.command(name).description(description), ['dataDir'])
    .option('--days <n>', 'validity in days', positiveDays, days)
    .addOption(new Option('--key-type <type>', 'key algorithm').choices(['ec', 'rsa']).default('ec'));
}

const print: Print = (line) => process.stdout.write(`${line}\n`);
// Only the data dir is taken from the flags: `--host` here names the certificate's hosts, not the listen address.
const dataDirOf = (o: Record<string, unknown>) => loadConfig('serve', process.env, { dataDir: flagsOf(o).dataDir }).dataDir;

/** `chargewatch certs …`: a private CA, the TLS server certificate and station client certificates. */
export function registerCertsCommand(program: Command): void {
  const certs = program.command('certs').description('make a private CA, a TLS server certificate and station client certificates (in <data dir>/pki)');
  certCommand(certs, 'init-ca', 'create the private CA (key and self-signed certificate)', 3650)
    .option('--name <name>', 'the CA\'s common name', 'Chargewatch private CA').option('--force', 'replace an existing CA')
    .action(async (o: Record<string, unknown>) => {
      await initCa(dataDirOf(o), { days: o.days as number, keyType: o.keyType as KeyType, name: o.name as string, force: o.force === true }, print);
    });
  certCommand(certs, 'server', 'create the TLS port\'s certificate, signed by the CA', 825)
    .requiredOption('--host <host>', 'a DNS name or IP address stations connect to (repeat for more)', (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (o: Record<string, unknown>) => {
      await serverCertificate(dataDirOf(o), o.host as string[], { days: o.days as number, keyType: o.keyType as KeyType }, print);
    });
  certCommand(certs, 'station <id>', 'create a station\'s client certificate (CN = its identity) for security profile 3', 365)
    .action(async (id: string, o: Record<string, unknown>) => {
      await stationCertificate(dataDirOf(o), id, { days: o.days as number, keyType: o.keyType as KeyType }, print);
    });
}
