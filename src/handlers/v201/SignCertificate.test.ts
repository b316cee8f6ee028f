import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr } from '../../test-kit/certificates.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { SignCertificate } from './SignCertificate.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-SIGN', '2.0.1');
});
afterAll(async () => kit.close());

describe('2.0.1 SignCertificate', () => {
  it('checks the CN only for the station certificate, and records the certificate type', async () => {
    const garbage = await kit.handle('2.0.1', 'SignCertificate', SignCertificate, 'CS-SIGN', { csr: 'not a csr' });
    expect(garbage).toEqual({ status: 'Rejected' });
    const v2g = await createCsr([{ CN: ['EMAID-V2G'] }]);
    await kit.handle('2.0.1', 'SignCertificate', SignCertificate, 'CS-SIGN', { csr: v2g, certificateType: 'V2GCertificate' });
    const rows = await kit.database.db.selectFrom('certificate_requests').select(['certificate_type', 'status', 'reason']).where('station_id', '=', 'CS-SIGN').orderBy('id').execute();
    expect(rows).toEqual([
      { certificate_type: 'ChargingStationCertificate', status: 'rejected', reason: 'not a PKCS#10 certificate request' },
      // The CN check passed (V2G); the core kit has no CA, so it could not be signed.
      { certificate_type: 'V2GCertificate', status: 'rejected', reason: 'no certificate authority to sign with' },
    ]);
  });
});
