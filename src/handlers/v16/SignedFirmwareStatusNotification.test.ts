import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { SignedFirmwareStatusNotification } from './SignedFirmwareStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-SF');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 SignedFirmwareStatusNotification', () => {
  it('records a signed firmware status with its request id', async () => {
    expect(await kit.handle('1.6', 'SignedFirmwareStatusNotification', SignedFirmwareStatusNotification, 'CP-SF', { status: 'InvalidSignature', requestId: 3 })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-SF').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'firmware', status: 'InvalidSignature', detail: { signed: true, requestId: 3 } });
    expect(kit.events.find((e) => e.type === 'station.firmware')?.data).toMatchObject({ status: 'InvalidSignature', signed: true });
  });
});
