import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr } from '../../test-kit/certificates.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { SignCertificate } from './SignCertificate.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-SIGN');
});
afterAll(async () => kit.close());

describe('1.6 SignCertificate', () => {
  it('refuses a CSR for another identity and records why', async () => {
    const csr = await createCsr([{ CN: ['CP-OTHER'] }]);
    expect(await kit.handle('1.6', 'SignCertificate', SignCertificate, 'CP-SIGN', { csr })).toEqual({ status: 'Rejected' });
    const row = await kit.database.db.selectFrom('certificate_requests').selectAll().where('station_id', '=', 'CP-SIGN').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ certificate_type: 'ChargingStationCertificate', status: 'rejected', reason: 'CN "CP-OTHER" is not the station identity', subject: 'CN=CP-OTHER', csr });
    expect(kit.events.find((e) => e.type === 'certificate.requested')?.data).toMatchObject({ accepted: false, reason: 'CN "CP-OTHER" is not the station identity' });
  });

  it('refuses a sound CSR when there is no CA to sign with', async () => {
    const csr = await createCsr([{ CN: ['CP-SIGN'] }]);
    expect(await kit.handle('1.6', 'SignCertificate', SignCertificate, 'CP-SIGN', { csr })).toEqual({ status: 'Rejected' });
    const rows = await kit.database.db.selectFrom('certificate_requests').select(['status', 'reason']).where('station_id', '=', 'CP-SIGN').orderBy('id').execute();
    expect(rows.at(-1)).toEqual({ status: 'rejected', reason: 'no certificate authority to sign with' });
  });
});
