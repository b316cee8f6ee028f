import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { SecurityEventNotification } from './SecurityEventNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-S', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 SecurityEventNotification', () => {
  it('stores the security event and raises station.security', async () => {
    expect(await kit.handle('2.0.1', 'SecurityEventNotification', SecurityEventNotification, 'CS-S', { type: 'FailedToAuthenticateAtCsms', timestamp: '2025-12-31T21:00:00Z' })).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CS-S').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'security', status: 'FailedToAuthenticateAtCsms', at: new Date('2025-12-31T21:00:00Z') });
    expect(kit.events.some((e) => e.type === 'station.security' && e.stationId === 'CS-S')).toBe(true);
  });
});
