// tsyringe (loaded by @peculiar/x509) needs the Reflect metadata API before the library loads.
import 'reflect-metadata';
import { createPrivateKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import type { IssueRequest, KeyAndCertificate, KeyType } from './pki.js';

// The library defaults to the browser's global crypto; on Node it must be told to use Web Crypto.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

const algorithmOf = (type: KeyType) => (type === 'rsa' ? RSA : EC);

/** A positive 16-byte serial number (RFC 5280 4.1.2.2: unique per CA, at most 20 octets). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function generateKeys(type: KeyType): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(algorithmOf(type), true, ['sign', 'verify'])) as CryptoKeyPair;
}

function privateKeyPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** A subject name holding only a common name; the JSON form needs no escaping of `=`, `+` or `,`. */
const nameOf = (commonName: string): x509.JsonName => [{ CN: [commonName] }];

/** A private CA (self-signed, allowed to sign end-entity certificates only) for a test or private station network. */
export async function createCertificateAuthority(input: { commonName: string; days: number; notBefore?: Date; keyType?: KeyType }): Promise<KeyAndCertificate> {
  const keys = await generateKeys(input.keyType ?? 'ec');
  const notBefore = input.notBefore ?? new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(), name: nameOf(input.commonName), keys, signingAlgorithm: algorithmOf(input.keyType ?? 'ec'),
    notBefore, notAfter: new Date(notBefore.getTime() + input.days * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: privateKeyPem(keys.privateKey) };
}

/** The CA's signing key as Web Crypto wants it, whatever algorithm it was made with. */
async function importSigningKey(keyPem: string): Promise<{ key: CryptoKey; algorithm: typeof EC | typeof RSA }> {
  const keyObject = createPrivateKey(keyPem);
  const algorithm = keyObject.asymmetricKeyType === 'rsa' ? RSA : EC;
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  return { key, algorithm };
}

/**
 * Signs a certificate for `publicKey` with the CA: a server certificate (serverAuth, the hosts as subject
 * alternative names) or a station's client certificate (clientAuth, CN = its identity, OCPP security profile 3).
 */
export async function signCertificate(ca: KeyAndCertificate, publicKey: CryptoKey | ArrayBuffer, request: IssueRequest): Promise<string> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const signing = await importSigningKey(ca.keyPem);
  const notBefore = request.notBefore ?? new Date();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
    new x509.ExtendedKeyUsageExtension([request.kind === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ];
  const hosts = request.hosts ?? [];
  if (hosts.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(hosts.map((h) => ({ type: isIP(h) ? 'ip' : 'dns', value: h }))));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(), subject: nameOf(request.commonName), issuer: caCert.subject,
    notBefore, notAfter: new Date(notBefore.getTime() + request.days * DAY_MS),
    signingAlgorithm: signing.algorithm, publicKey, signingKey: signing.key, extensions,
  });
  return cert.toString('pem');
}

/** A new key pair and a certificate for it signed by the CA. */
export async function issueCertificate(ca: KeyAndCertificate, request: IssueRequest): Promise<KeyAndCertificate> {
  const keys = await generateKeys(request.keyType ?? 'ec');
  return { certPem: await signCertificate(ca, keys.publicKey, request), keyPem: privateKeyPem(keys.privateKey) };
}
