import type { CertificateCommands } from '../../core/certificates/index.js';
import { ValidationError } from '../../core/shared/app-error.js';
import type { V16CentralAction, V16CommandRequest, V16CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';
import type { StationLink } from '../../core/commands/index.js';

type InstallType = V16CommandRequest<'InstallCertificate'>['certificateType'];

/** Root certificate types as 1.6 names them, keyed by the version-neutral (2.0.1) name. */
const ROOT_TYPES: Record<string, InstallType> = { CSMSRootCertificate: 'CentralSystemRootCertificate', ManufacturerRootCertificate: 'ManufacturerRootCertificate' };
/** 1.6 names back to the version-neutral ones the inventory stores. */
const NEUTRAL: Record<InstallType, string> = { CentralSystemRootCertificate: 'CSMSRootCertificate', ManufacturerRootCertificate: 'ManufacturerRootCertificate' };

/** The certificate commands in OCPP 1.6 Security Whitepaper terms. */
export function createV16CertificateCommands(link: StationLink): CertificateCommands {
  async function send<A extends V16CentralAction>(stationId: string, action: A, payload: V16CommandRequest<A>): Promise<V16CommandResponse<A>> {
    // The gateway validated the answer against the 1.6 schema of `action`.
    return (await callStation(link, stationId, action, payload)) as unknown as V16CommandResponse<A>;
  }
  return {
    async certificateSigned(stationId, chainPem) {
      return (await send(stationId, 'CertificateSigned', { certificateChain: chainPem })).status;
    },
    async getInstalledCertificateIds(stationId) {
      // 1.6 asks one type per call; the station answers NotFound for a type it has none of.
      const certificates = [];
      let found = false;
      for (const certificateType of Object.values(ROOT_TYPES)) {
        const answer = await send(stationId, 'GetInstalledCertificateIds', { certificateType });
        if (answer.status !== 'Accepted') continue;
        found = true;
        for (const hash of answer.certificateHashData ?? []) certificates.push({ certificateType: NEUTRAL[certificateType], ...hash });
      }
      return { status: found ? 'Accepted' : 'NotFound', certificates };
    },
    async installCertificate(stationId, certificateType, pem) {
      const type = ROOT_TYPES[certificateType];
      if (!type) throw new ValidationError(`OCPP 1.6 installs only ${Object.keys(ROOT_TYPES).join(' and ')}`);
      return (await send(stationId, 'InstallCertificate', { certificateType: type, certificate: pem })).status;
    },
    async deleteCertificate(stationId, hash) {
      return (await send(stationId, 'DeleteCertificate', { certificateHashData: hash })).status;
    },
    async setNetworkProfile() {
      throw new ValidationError('OCPP 1.6 has no SetNetworkProfile (it changes profiles with ChangeConfiguration SecurityProfile)');
    },
  };
}
