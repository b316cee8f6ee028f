import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
export type { CertificateRequestView, InstalledCertificateView, KnownCertificateView, StationCertificatesView } from '../../http/api-types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** What a CSR asks for: the station's own TLS client certificate, or its ISO 15118 V2G certificate (2.0.1). */
export type SignedCertificateType = 'ChargingStationCertificate' | 'V2GCertificate';

/** OCPP CertificateHashDataType: how a station names an installed certificate. */
export interface CertificateHashData {
  hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

/** What we read from a certificate. */
export interface CertificateFacts {
  /** Lower-case hex without leading zeros, as stations report it. */
  serial: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
}

/** Signs a station's public key with the private CA; undefined when no CA is set up. */
export interface CertificateSigner {
  sign(input: { publicKey: ArrayBuffer; commonName: string; notBefore: Date }): Promise<{ certificatePem: string; chainPem: string } | undefined>;
}

/**
 * The certificate commands in version-neutral terms; the 1.6 (Security Whitepaper) and 2.0.1 translations
 * live in handlers/. Each resolves with the station's answer or rejects with an AppError (offline, timeout, …).
 */
export interface CertificateCommands {
  certificateSigned(stationId: string, chainPem: string, type: SignedCertificateType): Promise<string>;
  getInstalledCertificateIds(stationId: string): Promise<{ status: string; certificates: Array<CertificateHashData & { certificateType: string }> }>;
  installCertificate(stationId: string, certificateType: string, pem: string): Promise<string>;
  deleteCertificate(stationId: string, hash: CertificateHashData): Promise<string>;
  /** 2.0.1 SetNetworkProfile; 1.6 has none (it switches with ChangeConfiguration SecurityProfile). */
  setNetworkProfile(stationId: string, slot: number, profile: { url: string; securityProfile: number }): Promise<string>;
}

/** What the certificate service is built from. */
export interface CertificateServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  signer: CertificateSigner;
  commands: CertificateCommands;
}

/** A certificate the station holds with a known expiry: what expiry tracking watches. */
export interface HeldCertificate {
  id: string;
  certificateType: string;
  serial: string;
  subject: string;
  notAfter: string;
}
