import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { DataTransfer } from './DataTransfer.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-D', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 DataTransfer', () => {
  it('accepts our vendor id, refuses others, and keeps structured data as sent', async () => {
    expect(await kit.handle('2.0.1', 'DataTransfer', DataTransfer, 'CS-D', { vendorId: 'chargewatch', messageId: 'm', data: { level: 3 } })).toEqual({ status: 'Accepted' });
    expect(await kit.handle('2.0.1', 'DataTransfer', DataTransfer, 'CS-D', { vendorId: 'org.other' })).toEqual({ status: 'UnknownVendorId' });
    const rows = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CS-D').select(['status', 'detail']).orderBy('id').execute();
    expect(rows[0]).toEqual({ status: 'Accepted', detail: { vendorId: 'chargewatch', messageId: 'm', data: { level: 3 } } });
    expect(rows[1]?.status).toBe('UnknownVendorId');
  });
});
