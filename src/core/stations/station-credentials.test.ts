import { describe, expect, it } from 'vitest';
import type { AdmissionRequest, ClientCertificate } from '../../gateway/types.js';
import { checkCredentials, type CredentialCheck } from './station-credentials.js';

const ID = 'CP-1';
const GOOD = 'the-right-password';
const matches = async (password: string, hash: string) => hash === `hash:${password}`;
const cert = (commonName: string, verified = true): ClientCertificate => ({ source: 'tls', verified, commonName, ...(verified ? {} : { error: 'CERT_HAS_EXPIRED' }) });
const basic = (password: string, username = ID) => ({ username, password });

function check(requiredProfile: number, hasPassword: boolean, request: Partial<AdmissionRequest>): Promise<CredentialCheck> {
  return checkCredentials({ stationId: ID, version: '2.0.1', remoteAddress: '10.0.0.1', tls: false, ...request }, { requiredProfile, passwordHash: hasPassword ? `hash:${GOOD}` : null }, matches);
}

const admitted = (profile: number) => ({ ok: true, profile });
const refused = (status: number, reason: string | RegExp) => ({ ok: false, status, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) });

describe('checkCredentials: required profile × what the station presents', () => {
  it.each([
    // required, password set, request, outcome
    [0, false, {}, admitted(0)],
    [0, false, { tls: true }, admitted(0)],
    [0, true, {}, refused(401, 'credentials required')],
    [0, true, { basicAuth: basic(GOOD) }, admitted(1)],
    [1, true, { basicAuth: basic(GOOD) }, admitted(1)],
    [1, true, { basicAuth: basic('wrong') }, refused(401, 'wrong password')],
    [1, true, { basicAuth: basic(GOOD, 'CP-2') }, refused(401, 'username is not the station identity')],
    [1, true, { tls: true, basicAuth: basic(GOOD) }, admitted(2)],
    [1, false, { basicAuth: basic(GOOD) }, refused(403, /needs a password/)],
    [2, true, { basicAuth: basic(GOOD) }, refused(403, 'security profile 2 requires TLS')],
    [2, true, { tls: true, basicAuth: basic(GOOD) }, admitted(2)],
    [2, true, { tls: true }, refused(401, 'credentials required')],
    [2, true, { tls: true, clientCertificate: cert(ID) }, admitted(3)],
    [3, false, { clientCertificate: cert(ID) }, refused(403, 'security profile 3 requires TLS')],
    [3, false, { tls: true }, refused(401, 'client certificate required')],
    [3, true, { tls: true, basicAuth: basic(GOOD) }, refused(401, 'client certificate required')],
    [3, false, { tls: true, clientCertificate: cert(ID) }, admitted(3)],
    [3, false, { tls: true, clientCertificate: cert('CP-2') }, refused(403, 'client certificate CN is not the station identity')],
    [3, false, { tls: true, clientCertificate: cert(ID, false) }, refused(403, 'client certificate not valid (CERT_HAS_EXPIRED)')],
    [1, true, { tls: true, clientCertificate: cert('CP-2'), basicAuth: basic(GOOD) }, admitted(2)],
    [0, true, { tls: true, clientCertificate: cert(ID, false) }, refused(401, 'credentials required')],
  ] as const)('required %i, password %s, %o', async (required, hasPassword, request, outcome) => {
    expect(await check(required, hasPassword, request)).toEqual(outcome);
  });
});
