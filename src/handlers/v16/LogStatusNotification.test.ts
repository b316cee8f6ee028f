import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { LogStatusNotification } from './LogStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-L');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 LogStatusNotification', () => {
  it('records the log upload status with its request id', async () => {
    expect(await kit.handle('1.6', 'LogStatusNotification', LogStatusNotification, 'CP-L', { status: 'Uploading', requestId: 12 })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-L').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'log', status: 'Uploading', detail: { requestId: 12 } });
    expect(kit.events.some((e) => e.type === 'station.log' && e.stationId === 'CP-L')).toBe(true);
  });
});
