import { createHash } from 'node:crypto';
import type { CertificateFacts } from './certificates.js';
import { x509 } from './x509.js';

/** A serial number as stations report it: lower-case hex, no leading zeros (OCPP CertificateHashDataType). */
export function normalizeSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

/** The certificates of a PEM bundle, leaf first; throws a plain Error on text that is not PEM certificates. */
export function parseCertificates(pem: string): x509.X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate found');
  return blocks.map((block) => new x509.X509Certificate(block));
}

/** Serial, names, validity and fingerprint of one certificate. */
export function certificateFacts(cert: x509.X509Certificate): CertificateFacts {
  return {
    serial: normalizeSerial(cert.serialNumber),
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprint: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'),
  };
}
