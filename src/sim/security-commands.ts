import { OcppError, type Payload, type V16CommandRequest, type V16CommandResponse, type V201CommandRequest, type V201CommandResponse } from '../ocpp/index.js';
import type { StationControl } from './protocol.js';
import type { CommandOutcome } from './station-link.js';

/** 1.6 root types in 2.0.1 words, as the station keeps them. */
const V16_TYPES: Record<string, string> = { CentralSystemRootCertificate: 'CSMSRootCertificate', ManufacturerRootCertificate: 'ManufacturerRootCertificate' };

const done = (response: object, after?: () => void): CommandOutcome => ({ response, after });

/** Makes a key and CSR for the station's client certificate and sends SignCertificate (both versions). */
export function sendCsr(s: StationControl): void {
  s.security.createCsr(s.options.id, s.options.vendor).then(
    (csr) => s.link.post('SignCertificate', s.options.version === '1.6' ? { csr } : { csr, certificateType: 'ChargingStationCertificate' }),
    () => undefined,
  );
}

/** 1.6 ChangeConfiguration of the Security Whitepaper keys; undefined for any other key. */
export function securityConfigurationV16(s: StationControl, req: V16CommandRequest<'ChangeConfiguration'>): CommandOutcome | undefined {
  if (req.key === 'AuthorizationKey') {
    // Used from the next connection on (Security Whitepaper 2.4).
    if (req.value.length < 16 || req.value.length > 40) return done({ status: 'Rejected' } satisfies V16CommandResponse<'ChangeConfiguration'>);
    s.security.password = req.value;
    return done({ status: 'Accepted' } satisfies V16CommandResponse<'ChangeConfiguration'>);
  }
  if (req.key === 'SecurityProfile') {
    const profile = Number(req.value);
    // A profile may only go up (Security Whitepaper 2.4), and 3 needs a client certificate.
    if (![1, 2, 3].includes(profile) || profile < s.security.profile || (profile === 3 && !s.security.client)) return done({ status: 'Rejected' });
    return done({ status: 'Accepted' } satisfies V16CommandResponse<'ChangeConfiguration'>, () => {
      s.security.useProfile(profile);
      s.reconnect();
    });
  }
  return undefined;
}

/** Answers the 1.6 Security Whitepaper certificate commands and ExtendedTriggerMessage. */
export function answerV16Security(s: StationControl, action: string, payload: Payload): CommandOutcome {
  switch (action) {
    case 'ExtendedTriggerMessage': {
      const req = payload as unknown as V16CommandRequest<'ExtendedTriggerMessage'>;
      if (req.requestedMessage === 'SignChargePointCertificate') return done({ status: 'Accepted' } satisfies V16CommandResponse<'ExtendedTriggerMessage'>, () => sendCsr(s));
      if (req.requestedMessage === 'LogStatusNotification') return done({ status: 'Accepted' }, () => s.link.post('LogStatusNotification', { status: 'Idle' }));
      return done({ status: 'NotImplemented' } satisfies V16CommandResponse<'ExtendedTriggerMessage'>);
    }
    case 'CertificateSigned':
      return done({ status: s.security.acceptSigned((payload as unknown as V16CommandRequest<'CertificateSigned'>).certificateChain) } satisfies V16CommandResponse<'CertificateSigned'>);
    case 'InstallCertificate': {
      const req = payload as unknown as V16CommandRequest<'InstallCertificate'>;
      return done({ status: s.security.install(V16_TYPES[req.certificateType]!, req.certificate) } satisfies V16CommandResponse<'InstallCertificate'>);
    }
    case 'GetInstalledCertificateIds': {
      const type = V16_TYPES[(payload as unknown as V16CommandRequest<'GetInstalledCertificateIds'>).certificateType];
      const certificateHashData = s.security.installed.filter((c) => c.type === type).map((c) => c.hash);
      const [first, ...rest] = certificateHashData;
      return done((first ? { status: 'Accepted', certificateHashData: [first, ...rest] } : { status: 'NotFound' }) satisfies V16CommandResponse<'GetInstalledCertificateIds'>);
    }
    case 'DeleteCertificate': {
      const req = payload as unknown as V16CommandRequest<'DeleteCertificate'>;
      return done({ status: s.security.delete(req.certificateHashData) } satisfies V16CommandResponse<'DeleteCertificate'>);
    }
    default:
      throw new OcppError('NotSupported', `${action} is not supported by this station`);
  }
}

/** Answers the 2.0.1 certificate commands and SetNetworkProfile. */
export function answerV201Security(s: StationControl, action: string, payload: Payload): CommandOutcome {
  switch (action) {
    case 'CertificateSigned':
      return done({ status: s.security.acceptSigned((payload as unknown as V201CommandRequest<'CertificateSigned'>).certificateChain) } satisfies V201CommandResponse<'CertificateSigned'>);
    case 'InstallCertificate': {
      const req = payload as unknown as V201CommandRequest<'InstallCertificate'>;
      return done({ status: s.security.install(req.certificateType, req.certificate) } satisfies V201CommandResponse<'InstallCertificate'>);
    }
    case 'GetInstalledCertificateIds': {
      const types = (payload as unknown as V201CommandRequest<'GetInstalledCertificateIds'>).certificateType;
      const chain = s.security.installed.filter((c) => !types || types.includes(c.type as never))
        .map((c) => ({ certificateType: c.type as 'CSMSRootCertificate', certificateHashData: c.hash }));
      const [first, ...rest] = chain;
      return done((first ? { status: 'Accepted', certificateHashDataChain: [first, ...rest] } : { status: 'NotFound' }) satisfies V201CommandResponse<'GetInstalledCertificateIds'>);
    }
    case 'SetNetworkProfile': {
      const req = payload as unknown as V201CommandRequest<'SetNetworkProfile'>;
      const { connectionData: data } = req;
      const profile = data.securityProfile;
      if (data.ocppVersion !== 'OCPP20' || (profile === 3 && !s.security.client) || profile < 0 || profile > 3) return done({ status: 'Rejected' } satisfies V201CommandResponse<'SetNetworkProfile'>);
      s.security.networkProfiles.set(req.configurationSlot, { url: data.ocppCsmsUrl, securityProfile: profile });
      return done({ status: 'Accepted' } satisfies V201CommandResponse<'SetNetworkProfile'>);
    }
    case 'DeleteCertificate': {
      const req = payload as unknown as V201CommandRequest<'DeleteCertificate'>;
      return done({ status: s.security.delete(req.certificateHashData) } satisfies V201CommandResponse<'DeleteCertificate'>);
    }
    default:
      throw new OcppError('NotSupported', `${action} is not supported by this station`);
  }
}
