import type { AdmissionRequest } from '../../gateway/types.js';

/** What admission knows of a station's credentials. */
export interface StationCredentials {
  passwordHash: string | null;
  /** The lowest security profile the station may connect with (0-3). */
  requiredProfile: number;
}

/** The outcome of checking a connecting station's credentials against its required security profile. */
export type CredentialCheck = { ok: true; profile: number } | { ok: false; status: 401 | 403; reason: string };

const fail = (status: 401 | 403, reason: string): CredentialCheck => ({ ok: false, status, reason });

/**
 * Checks a connection against the station's security profile (OCPP 2.0.1 A00, 1.6 Security Whitepaper):
 * 1 = HTTP Basic (username = identity), 2 = TLS + Basic, 3 = TLS with a client certificate issued by our CA
 * whose CN is the identity. The profile the station connected with is the strongest it proved; a station
 * presenting its own valid certificate needs no password. A password, once set, is always required otherwise.
 */
export async function checkCredentials(
  request: AdmissionRequest,
  station: StationCredentials,
  passwordMatches: (password: string, hash: string) => Promise<boolean>,
): Promise<CredentialCheck> {
  const { stationId, tls } = request;
  const required = station.requiredProfile;
  const cert = request.clientCertificate;
  if (required >= 2 && !tls) return fail(403, `security profile ${required} requires TLS`);
  const certMatches = tls && cert?.verified === true && cert.commonName === stationId;
  if (required === 3) {
    if (!cert) return fail(401, 'client certificate required');
    if (!cert.verified) return fail(403, `client certificate not valid (${cert.error ?? 'not issued by our CA'})`);
    if (!certMatches) return fail(403, 'client certificate CN is not the station identity');
  }
  if (certMatches) return { ok: true, profile: 3 };
  if (station.passwordHash) {
    const auth = request.basicAuth;
    if (!auth) return fail(401, 'credentials required');
    if (auth.username !== stationId) return fail(401, 'username is not the station identity');
    if (!(await passwordMatches(auth.password, station.passwordHash))) return fail(401, 'wrong password');
    return { ok: true, profile: tls ? 2 : 1 };
  }
  if (required >= 1) return fail(403, `security profile ${required} needs a password and the station has none`);
  return { ok: true, profile: 0 };
}
