import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { StatusNotification } from './StatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-ST', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 StatusNotification', () => {
  it('stores the status of the given EVSE and connector, ignoring an older late one', async () => {
    await kit.handle('2.0.1', 'StatusNotification', StatusNotification, 'CS-ST', { timestamp: '2025-12-31T23:00:00Z', connectorStatus: 'Occupied', evseId: 1, connectorId: 2 });
    expect(await kit.handle('2.0.1', 'StatusNotification', StatusNotification, 'CS-ST', { timestamp: '2025-12-31T22:00:00Z', connectorStatus: 'Available', evseId: 1, connectorId: 2 })).toEqual({});
    const rows = await kit.database.db.selectFrom('connectors').where('station_id', '=', 'CS-ST').select(['evse_id', 'connector_id', 'status']).execute();
    expect(rows).toEqual([{ evse_id: 1, connector_id: 2, status: 'Occupied' }]);
    const published = kit.events.filter((e) => e.type === 'connector.status');
    expect(published).toHaveLength(1);
    expect(published[0]?.data).toMatchObject({ evseId: 1, connectorId: 2, status: 'Occupied', previousStatus: null, timestamp: '2025-12-31T23:00:00.000Z' });
  });
});
