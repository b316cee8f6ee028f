import type { CertificateSigner } from './certificates.js';

/** A CA certificate and key, both PEM (what `chargewatch certs init-ca` keeps in the data dir). */
export interface CaMaterial {
  certPem: string;
  keyPem: string;
}

/** Signs a public key into a client certificate with the CA (the pki feature's signCertificate). */
export type SignWithCa = (ca: CaMaterial, publicKey: ArrayBuffer, request: { kind: 'client'; commonName: string; notBefore: Date; days: number }) => Promise<string>;

/**
 * The station-certificate signer over the private CA: loads the CA for each request (so a CA created while
 * the server runs is used at once) and answers undefined when there is none. The chain sent to the
 * station is the new certificate followed by the CA's.
 */
export function caSigner(deps: { loadCa(): Promise<CaMaterial | undefined>; sign: SignWithCa; validityDays: number }): CertificateSigner {
  return {
    async sign({ publicKey, commonName, notBefore }) {
      const ca = await deps.loadCa();
      if (!ca) return undefined;
      const certificatePem = (await deps.sign(ca, publicKey, { kind: 'client', commonName, notBefore, days: deps.validityDays })).trim();
      return { certificatePem, chainPem: `${certificatePem}\n${ca.certPem.trim()}\n` };
    },
  };
}
