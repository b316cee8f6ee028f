import type { CertificateCommands } from '../core/certificates/index.js';
import type { StationLink } from '../core/commands/index.js';
import { StationUnavailableError } from '../core/shared/app-error.js';
import { createV16CertificateCommands } from './v16/certificate-commands.js';
import { createV201CertificateCommands } from './v201/certificate-commands.js';

/** Certificate commands to any connected station, in the version it is connected with. */
export function createCertificateCommands(link: StationLink): CertificateCommands {
  const v16 = createV16CertificateCommands(link);
  const v201 = createV201CertificateCommands(link);
  const pick = (stationId: string): CertificateCommands => {
    const version = link.versionOf(stationId);
    if (version === '1.6') return v16;
    if (version === '2.0.1') return v201;
    throw new StationUnavailableError(stationId, 'offline');
  };
  return {
    certificateSigned: async (id, chain, type) => pick(id).certificateSigned(id, chain, type),
    getInstalledCertificateIds: async (id) => pick(id).getInstalledCertificateIds(id),
    installCertificate: async (id, type, pem) => pick(id).installCertificate(id, type, pem),
    deleteCertificate: async (id, hash) => pick(id).deleteCertificate(id, hash),
    setNetworkProfile: async (id, slot, profile) => pick(id).setNetworkProfile(id, slot, profile),
  };
}
