/** The key algorithms certificates are made with: ECDSA P-256 (default) or RSA 2048, the two OCPP A00 allows. */
export type KeyType = 'ec' | 'rsa';

/** A certificate and its private key, both PEM. */
export interface KeyAndCertificate {
  certPem: string;
  keyPem: string;
}

/** What a certificate is for: the CA itself, our TLS server, or a station's client certificate (profile 3). */
export type CertificateKind = 'server' | 'client';

/** What to put in an issued certificate. */
export interface IssueRequest {
  kind: CertificateKind;
  /** Subject common name; for a station's certificate, its identity. */
  commonName: string;
  /** Host names and IP addresses (server certificates): the subject alternative names. */
  hosts?: readonly string[];
  /** Start of validity; defaults to now. */
  notBefore?: Date;
  /** Days of validity from notBefore. */
  days: number;
  keyType?: KeyType;
}

/** Where `chargewatch certs` keeps its files under the data dir. */
export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  stationCert(id: string): string;
  stationKey(id: string): string;
}
