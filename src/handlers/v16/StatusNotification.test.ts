import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { StatusNotification } from './StatusNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-ST');
});
afterAll(async () => {
  await kit.close();
});

const connectors = () => kit.database.db.selectFrom('connectors').where('station_id', '=', 'CP-ST').select(['evse_id', 'connector_id', 'status', 'error_code', 'info', 'vendor_id', 'status_at']).orderBy('evse_id').execute();

describe('1.6 StatusNotification', () => {
  it('maps connector N to EVSE N / connector 1, dropping NoError', async () => {
    await kit.handle('1.6', 'StatusNotification', StatusNotification, 'CP-ST', { connectorId: 2, errorCode: 'NoError', status: 'Charging', timestamp: '2025-12-31T23:59:00Z' });
    await kit.handle('1.6', 'StatusNotification', StatusNotification, 'CP-ST', { connectorId: 1, errorCode: 'HighTemperature', status: 'Faulted', info: 'hot', vendorId: 'acme' });
    expect(await connectors()).toEqual([
      { evse_id: 1, connector_id: 1, status: 'Faulted', error_code: 'HighTemperature', info: 'hot', vendor_id: 'acme', status_at: kit.clock.now() },
      { evse_id: 2, connector_id: 1, status: 'Charging', error_code: null, info: null, vendor_id: null, status_at: new Date('2025-12-31T23:59:00Z') },
    ]);
  });

  it('treats connector 0 as the station itself', async () => {
    expect(await kit.handle('1.6', 'StatusNotification', StatusNotification, 'CP-ST', { connectorId: 0, errorCode: 'NoError', status: 'Unavailable' })).toEqual({});
    expect((await kit.stations.get('CP-ST')).stationStatus).toBe('Unavailable');
    expect((await connectors()).some((c) => c.evse_id === 0)).toBe(false);
  });
});
