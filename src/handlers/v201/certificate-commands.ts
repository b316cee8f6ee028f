import type { CertificateCommands } from '../../core/certificates/index.js';
import type { StationLink } from '../../core/commands/index.js';
import { ValidationError } from '../../core/shared/app-error.js';
import type { V201CentralAction, V201CommandRequest, V201CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';

type InstallType = V201CommandRequest<'InstallCertificate'>['certificateType'];
const INSTALL_TYPES: readonly string[] = ['V2GRootCertificate', 'MORootCertificate', 'CSMSRootCertificate', 'ManufacturerRootCertificate'] satisfies InstallType[];

/** How long a station waits for our answers on the new connection (SetNetworkProfile messageTimeout), in seconds. */
const MESSAGE_TIMEOUT_S = 30;

/** The certificate and network-profile commands in OCPP 2.0.1 terms. */
export function createV201CertificateCommands(link: StationLink): CertificateCommands {
  async function send<A extends V201CentralAction>(stationId: string, action: A, payload: V201CommandRequest<A>): Promise<V201CommandResponse<A>> {
    // The gateway validated the answer against the 2.0.1 schema of `action`.
    return (await callStation(link, stationId, action, payload)) as unknown as V201CommandResponse<A>;
  }
  return {
    async certificateSigned(stationId, chainPem, certificateType) {
      return (await send(stationId, 'CertificateSigned', { certificateChain: chainPem, certificateType })).status;
    },
    async getInstalledCertificateIds(stationId) {
      const answer = await send(stationId, 'GetInstalledCertificateIds', {});
      const certificates = (answer.certificateHashDataChain ?? []).map((c) => ({ certificateType: c.certificateType, ...c.certificateHashData }));
      return { status: answer.status, certificates };
    },
    async installCertificate(stationId, certificateType, pem) {
      if (!INSTALL_TYPES.includes(certificateType)) throw new ValidationError(`OCPP 2.0.1 installs only ${INSTALL_TYPES.join(', ')}`);
      return (await send(stationId, 'InstallCertificate', { certificateType: certificateType as InstallType, certificate: pem })).status;
    },
    async deleteCertificate(stationId, hash) {
      return (await send(stationId, 'DeleteCertificate', { certificateHashData: hash })).status;
    },
    async setNetworkProfile(stationId, slot, profile) {
      return (await send(stationId, 'SetNetworkProfile', {
        configurationSlot: slot,
        connectionData: { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: profile.url, messageTimeout: MESSAGE_TIMEOUT_S, securityProfile: profile.securityProfile, ocppInterface: 'Wired0' },
      })).status;
    },
  };
}
