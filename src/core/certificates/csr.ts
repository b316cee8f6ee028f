import type { SignedCertificateType } from './certificates.js';
import { x509 } from './x509.js';

/** A CSR that passed the checks: what to put in the certificate. */
export interface CheckedCsr {
  ok: true;
  commonName: string;
  subject: string;
  publicKey: ArrayBuffer;
}

/** Why a CSR was refused. */
export interface RefusedCsr {
  ok: false;
  reason: string;
  subject?: string;
}

/** Upper bound on a CSR's PEM text (OCPP limits the field to 5,500 characters). */
const MAX_CSR_CHARS = 5_500;

/**
 * Checks a station's PKCS#10 CSR: it parses, its self-signature verifies, it has a common name, and for a
 * ChargingStationCertificate the CN is the station identity (OCPP 2.0.1 A02.FR.07, 1.6 Security Whitepaper
 * "the CN must equal the Charge Point identity"). Never throws.
 */
export async function checkCsr(pem: string, stationId: string, type: SignedCertificateType): Promise<CheckedCsr | RefusedCsr> {
  if (pem.length > MAX_CSR_CHARS) return { ok: false, reason: 'CSR too long' };
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem.trim());
  } catch {
    return { ok: false, reason: 'not a PKCS#10 certificate request' };
  }
  const subject = csr.subject;
  let signed = false;
  try {
    signed = await csr.verify();
  } catch {
    signed = false;
  }
  if (!signed) return { ok: false, reason: 'CSR signature does not verify', subject };
  const commonName = csr.subjectName.getField('CN')[0];
  if (!commonName) return { ok: false, reason: 'CSR has no common name', subject };
  if (type === 'ChargingStationCertificate' && commonName !== stationId) return { ok: false, reason: `CN "${commonName}" is not the station identity`, subject };
  return { ok: true, commonName, subject, publicKey: csr.publicKey.rawData };
}
