import type { V201Handler } from '../context.js';

/**
 * 2.0.1 SignCertificate (A02, A03; V2G certificates for ISO 15118): a CSR for the client or V2G certificate (client by
 * default, A02.FR.02). Accepted when it is sound and signed; CertificateSigned follows with the chain.
 */
export const SignCertificate: V201Handler<'SignCertificate'> = async (ctx, request) => ({
  status: await ctx.services.certificates.signRequest(ctx.stationId, { csr: request.csr, type: request.certificateType ?? 'ChargingStationCertificate' }),
});
