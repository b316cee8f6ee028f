import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { FirmwareStatusNotification } from './FirmwareStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-F');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 FirmwareStatusNotification', () => {
  it('records the firmware status, unsigned, and raises station.firmware', async () => {
    expect(await kit.handle('1.6', 'FirmwareStatusNotification', FirmwareStatusNotification, 'CP-F', { status: 'InstallationFailed' })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-F').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'firmware', status: 'InstallationFailed', detail: { signed: false, requestId: null } });
    expect(kit.events.find((e) => e.type === 'station.firmware')?.data).toMatchObject({ status: 'InstallationFailed' });
  });
});
