import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { FirmwareStatusNotification } from './FirmwareStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-F', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 FirmwareStatusNotification', () => {
  it('records the firmware status with its request id', async () => {
    expect(await kit.handle('2.0.1', 'FirmwareStatusNotification', FirmwareStatusNotification, 'CS-F', { status: 'InstallVerificationFailed', requestId: 8 })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CS-F').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'firmware', status: 'InstallVerificationFailed', detail: { requestId: 8 } });
    expect(kit.events.find((e) => e.type === 'station.firmware')?.data).toMatchObject({ status: 'InstallVerificationFailed', requestId: 8 });
  });
});
