import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { BootNotification } from './BootNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownStations: 'pending', heartbeatIntervalS: 300 });
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 BootNotification', () => {
  it('accepts a known station with the heartbeat interval and stores its identity', async () => {
    await kit.connect('CP-B');
    const answer = await kit.handle('1.6', 'BootNotification', BootNotification, 'CP-B', {
      chargePointVendor: 'Acme', chargePointModel: 'W22', chargeBoxSerialNumber: 'BOX-7', firmwareVersion: '4.1', iccid: '8931', imsi: '2620', meterType: 'DZG', meterSerialNumber: 'M-1',
    });
    expect(answer).toEqual({ status: 'Accepted', currentTime: kit.clock.now().toISOString(), interval: 300 });
    expect(await kit.stations.get('CP-B')).toMatchObject({ vendor: 'Acme', model: 'W22', serialNumber: 'BOX-7', firmwareVersion: '4.1', iccid: '8931', imsi: '2620', meterType: 'DZG', meterSerialNumber: 'M-1', protocol: '1.6' });
  });

  it('answers Pending to a station awaiting approval', async () => {
    await kit.stations.admit({ stationId: 'CP-NEW', version: '1.6', remoteAddress: '10.1.1.1', tls: false });
    await kit.stations.connected('CP-NEW', '1.6', '10.1.1.1');
    const answer = await kit.handle('1.6', 'BootNotification', BootNotification, 'CP-NEW', { chargePointVendor: 'Acme', chargePointModel: 'W22' });
    expect(answer.status).toBe('Pending');
  });
});
