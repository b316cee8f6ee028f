import type { V16Handler } from '../context.js';

/**
 * 1.6 Security Whitepaper SignCertificate: the charge point's CSR for its client certificate. Accepted when it
 * is sound and signed; CertificateSigned follows with the chain.
 */
export const SignCertificate: V16Handler<'SignCertificate'> = async (ctx, request) => ({
  status: await ctx.services.certificates.signRequest(ctx.stationId, { csr: request.csr, type: 'ChargingStationCertificate' }),
});
