/** Station certificates: CSR signing with the private CA, installed-certificate inventory and expiry, security profile moves. */
export * from './certificates.js';
export { caSigner, type CaMaterial, type SignWithCa } from './ca-signer.js';
export { certificateHeldEvent, CertificateService, type StationCertificates } from './certificate-service.js';
export { checkCsr } from './csr.js';
export { ProfileMover } from './profile-mover.js';
export type * from './profile-move.js';
