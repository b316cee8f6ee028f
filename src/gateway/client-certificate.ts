import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** A client certificate a station presented (security profile 3), as admission sees it. */
export interface ClientCertificate {
  /** `tls`: presented to our own TLS listener; `proxy`: passed on by a trusted TLS-terminating proxy. */
  source: 'tls' | 'proxy';
  /** True when it was issued by one of our CAs, its signature holds and it is within its validity. */
  verified: boolean;
  /** The subject's common name; undefined when it has none or several. */
  commonName?: string;
  /** Why it did not verify, e.g. CERT_HAS_EXPIRED or UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  error?: string;
  fingerprint256?: string;
}

/** A subject's single CN, as Node parses names (a repeated attribute becomes an array). */
function singleCn(subject: PeerCertificate['subject'] | undefined): string | undefined {
  const cn = (subject as Record<string, string | string[] | undefined> | undefined)?.CN;
  return typeof cn === 'string' ? cn : undefined;
}

/** The certificate a station presented to our TLS listener, verified by the TLS handshake against our CA bundle. */
export function certificateFromTls(socket: TLSSocket): ClientCertificate | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return undefined;
  const error = socket.authorizationError;
  return {
    source: 'tls', verified: socket.authorized, commonName: singleCn(peer.subject), fingerprint256: peer.fingerprint256,
    ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
  };
}

/** Splits a PEM bundle into its certificates. */
export function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/**
 * Checks certificates handed over by a proxy against our CA bundle: issued and signed by one of the CAs
 * (directly; intermediate CAs are not followed), and valid at `nowMs` as are the CA itself.
 */
export class CertificateVerifier {
  private readonly cas: X509Certificate[];

  constructor(caBundlePem: string) {
    this.cas = parseCertificates(caBundlePem);
    if (this.cas.length === 0) throw new Error('the CA bundle holds no certificate');
  }

  /** Verifies one PEM certificate. */
  verify(pem: string, nowMs: number, source: ClientCertificate['source']): ClientCertificate {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      return { source, verified: false, error: 'unreadable certificate' };
    }
    const base = { source, commonName: singleCn(cert.toLegacyObject().subject), fingerprint256: cert.fingerprint256 };
    const within = (c: X509Certificate) => Date.parse(c.validFrom) <= nowMs && nowMs <= Date.parse(c.validTo);
    const issuer = this.cas.find((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
    if (!issuer) return { ...base, verified: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
    if (!within(cert)) return { ...base, verified: false, error: nowMs < Date.parse(cert.validFrom) ? 'CERT_NOT_YET_VALID' : 'CERT_HAS_EXPIRED' };
    if (!within(issuer)) return { ...base, verified: false, error: 'CA_CERT_HAS_EXPIRED' };
    return { ...base, verified: true };
  }
}
