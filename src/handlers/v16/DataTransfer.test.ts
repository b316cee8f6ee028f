import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { DataTransfer } from './DataTransfer.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-D');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 DataTransfer', () => {
  it('accepts our vendor id and answers UnknownVendorId to others, recording both', async () => {
    expect(await kit.handle('1.6', 'DataTransfer', DataTransfer, 'CP-D', { vendorId: 'chargewatch', messageId: 'hello', data: 'x' })).toEqual({ status: 'Accepted' });
    expect(await kit.handle('1.6', 'DataTransfer', DataTransfer, 'CP-D', { vendorId: 'com.acme' })).toEqual({ status: 'UnknownVendorId' });
    const rows = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-D').select(['kind', 'status']).orderBy('id').execute();
    expect(rows).toEqual([{ kind: 'data-transfer', status: 'Accepted' }, { kind: 'data-transfer', status: 'UnknownVendorId' }]);
  });
});
