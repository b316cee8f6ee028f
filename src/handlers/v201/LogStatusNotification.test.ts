import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { LogStatusNotification } from './LogStatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-L', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 LogStatusNotification', () => {
  it('records the log upload status with its request id', async () => {
    expect(await kit.handle('2.0.1', 'LogStatusNotification', LogStatusNotification, 'CS-L', { status: 'AcceptedCanceled', requestId: 2 })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CS-L').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'log', status: 'AcceptedCanceled', detail: { requestId: 2 } });
  });
});
