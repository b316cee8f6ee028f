import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { SecurityEventNotification } from './SecurityEventNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-S');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 SecurityEventNotification', () => {
  it('stores the event at the station’s timestamp and raises station.security', async () => {
    const answer = await kit.handle('1.6', 'SecurityEventNotification', SecurityEventNotification, 'CP-S', { type: 'TamperDetectionActivated', timestamp: '2025-12-31T22:00:00Z', techInfo: 'lid open' });
    expect(answer).toEqual({});
    const row = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CP-S').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'security', status: 'TamperDetectionActivated', at: new Date('2025-12-31T22:00:00Z'), detail: { techInfo: 'lid open' } });
    expect(kit.events.find((e) => e.type === 'station.security')?.data).toMatchObject({ type: 'TamperDetectionActivated' });
  });
});
