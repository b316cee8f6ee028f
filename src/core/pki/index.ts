/** The private certificate authority: make a CA, sign server and station certificates, keep them in the data dir. */
export { createCertificateAuthority, issueCertificate, signCertificate } from './certificate-authority.js';
export { pkiPaths, readCertificateAuthority, writePair } from './pki-store.js';
export type * from './pki.js';
