import { createHash, KeyObject, webcrypto } from 'node:crypto';
import { x509 } from './x509.js';
import type { SimTlsOptions } from './types.js';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

/** OCPP CertificateHashDataType as a station reports it. */
export interface SimHashData {
  hashAlgorithm: 'SHA256';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

/** A certificate installed with InstallCertificate. */
export interface SimInstalledCertificate {
  /** The type in 2.0.1 words (1.6 CentralSystemRootCertificate is CSMSRootCertificate). */
  type: string;
  pem: string;
  hash: SimHashData;
}

/** What a wss:// connection presents: the CAs it trusts and, for security profile 3, its client certificate and key. */
export interface SimTlsConnection {
  ca?: string;
  cert?: string;
  key?: string;
}

/** Where and how the station connects next. */
export interface SimConnection {
  url: string;
  /** Basic-auth password (profiles 1 and 2). */
  password?: string;
  /** Set for wss:// URLs. */
  tls?: SimTlsConnection;
}

/** A 2.0.1 network connection profile (SetNetworkProfile). */
export interface SimNetworkProfile {
  url: string;
  securityProfile: number;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const sha256 = (data: ArrayBuffer | Uint8Array): string => createHash('sha256').update(new Uint8Array(data)).digest('hex');

/** Reads one DER length at `at`; returns the length and where the content starts. */
function derLength(der: Uint8Array, at: number): { length: number; start: number } {
  const first = der[at]!;
  if (first < 0x80) return { length: first, start: at + 1 };
  let length = 0;
  for (let i = 1; i <= (first & 0x7f); i++) length = length * 256 + der[at + i]!;
  return { length, start: at + 1 + (first & 0x7f) };
}

/** The subjectPublicKey BIT STRING content (without its unused-bits byte) of a SubjectPublicKeyInfo. */
function publicKeyBits(spki: ArrayBuffer): Uint8Array {
  const der = new Uint8Array(spki);
  const outer = derLength(der, 1);
  const algorithm = derLength(der, outer.start + 1);
  const bitsAt = algorithm.start + algorithm.length;
  const bits = derLength(der, bitsAt + 1);
  return der.subarray(bits.start + 1, bits.start + bits.length);
}

/** The hash data of a certificate: issuer name and key hashes (a root's issuer is itself) and the serial. */
export function hashDataOf(cert: x509.X509Certificate, issuer: x509.X509Certificate = cert): SimHashData {
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: sha256(cert.issuerName.toArrayBuffer()),
    issuerKeyHash: sha256(publicKeyBits(issuer.publicKey.rawData)),
    serialNumber: cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, ''),
  };
}

/**
 * The station's security state: its Basic-auth password and security profile, 2.0.1 network profiles and
 * their priority, its client certificate and the key of a CSR waiting to be signed, and installed roots.
 */
export class SimSecurity {
  password: string | undefined;
  profile: number;
  readonly networkProfiles = new Map<number, SimNetworkProfile>();
  priority: number[] = [0];
  installed: SimInstalledCertificate[] = [];
  client: { certPem: string; keyPem: string } | undefined;
  private pending: { keys: CryptoKeyPair; spki: string } | undefined;
  private readonly tls: SimTlsOptions;

  constructor(options: { url: string; password?: string; tls?: SimTlsOptions }) {
    this.password = options.password;
    this.tls = options.tls ?? {};
    if (this.tls.cert !== undefined && this.tls.key !== undefined) this.client = { certPem: this.tls.cert, keyPem: this.tls.key };
    const secure = options.url.startsWith('wss://');
    this.profile = options.password !== undefined ? (secure ? 2 : 1) : secure && this.client ? 3 : 0;
    this.networkProfiles.set(0, { url: options.url, securityProfile: this.profile });
  }

  /**
   * Where and how to connect: the first usable network profile (2.0.1; 1.6 keeps slot 0) and the credential it
   * needs: the password for profiles 1 and 2, the client certificate for 3, and the trusted CAs over wss://.
   */
  connection(): SimConnection {
    const slot = this.priority.find((n) => this.networkProfiles.has(n)) ?? 0;
    const target = this.networkProfiles.get(slot)!;
    this.profile = target.securityProfile;
    const basic = this.profile === 1 || this.profile === 2;
    const client = this.profile === 3 ? this.client : undefined;
    const tls: SimTlsConnection = {
      ...(this.tls.ca !== undefined ? { ca: this.tls.ca } : {}),
      ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
    };
    return {
      url: target.url,
      ...(basic && this.password !== undefined ? { password: this.password } : {}),
      ...(target.url.startsWith('wss://') ? { tls } : {}),
    };
  }

  /**
   * 1.6 ChangeConfiguration SecurityProfile: the profile of the (only) connection, used from the next connect.
   * Profiles 2 and 3 need TLS, so a ws:// URL gives way to the configured wss:// one.
   */
  useProfile(profile: number): void {
    const current = this.networkProfiles.get(0)!;
    const plain = current.url.startsWith('ws://');
    const url = profile >= 2 && plain ? this.tls.url ?? current.url.replace(/^ws:/, 'wss:') : current.url;
    this.networkProfiles.set(0, { url, securityProfile: profile });
    this.priority = [0];
  }

  /** A new key pair and a PKCS#10 CSR for it with CN = `commonName`; the key waits for CertificateSigned. */
  async createCsr(commonName: string, organization: string): Promise<string> {
    const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: [{ CN: [commonName] }, { O: [organization] }], keys, signingAlgorithm: EC });
    this.pending = { keys, spki: Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey)).toString('hex') };
    return csr.toString('pem');
  }

  /** CertificateSigned: accepted when the leaf certificate is for the key of the pending CSR. */
  acceptSigned(chainPem: string): 'Accepted' | 'Rejected' {
    const pending = this.pending;
    const leafPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(chainPem)?.[0];
    if (!pending || !leafPem) return 'Rejected';
    let leaf: x509.X509Certificate;
    try {
      leaf = new x509.X509Certificate(leafPem);
    } catch {
      return 'Rejected';
    }
    if (Buffer.from(leaf.publicKey.rawData).toString('hex') !== pending.spki) return 'Rejected';
    this.client = { certPem: chainPem, keyPem: KeyObject.from(pending.keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString() };
    this.pending = undefined;
    return 'Accepted';
  }

  /** InstallCertificate: a parsable certificate replaces one with the same hash data. */
  install(type: string, pem: string): 'Accepted' | 'Rejected' {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(pem.trim());
    } catch {
      return 'Rejected';
    }
    const hash = hashDataOf(cert);
    this.installed = [...this.installed.filter((c) => !sameHash(c.hash, hash)), { type, pem: pem.trim(), hash }];
    return 'Accepted';
  }

  /** DeleteCertificate by hash data. */
  delete(hash: { issuerNameHash: string; issuerKeyHash: string; serialNumber: string }): 'Accepted' | 'NotFound' {
    const before = this.installed.length;
    this.installed = this.installed.filter((c) => !sameHash(c.hash, hash));
    return this.installed.length < before ? 'Accepted' : 'NotFound';
  }
}

function sameHash(a: { issuerNameHash: string; issuerKeyHash: string; serialNumber: string }, b: { issuerNameHash: string; issuerKeyHash: string; serialNumber: string }): boolean {
  return a.issuerNameHash === b.issuerNameHash && a.issuerKeyHash === b.issuerKeyHash && a.serialNumber.toLowerCase() === b.serialNumber.toLowerCase();
}
