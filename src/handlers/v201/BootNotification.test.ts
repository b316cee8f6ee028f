import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { BootNotification } from './BootNotification.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ heartbeatIntervalS: 240 });
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 BootNotification', () => {
  it('accepts a known station and stores its identity and boot reason', async () => {
    await kit.connect('CS-B', '2.0.1');
    const answer = await kit.handle('2.0.1', 'BootNotification', BootNotification, 'CS-B', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'DC50', serialNumber: 'S-9', firmwareVersion: '2.0', modem: { iccid: '8931', imsi: '2620' } },
    });
    expect(answer).toEqual({ status: 'Accepted', currentTime: kit.clock.now().toISOString(), interval: 240 });
    expect(await kit.stations.get('CS-B')).toMatchObject({ vendor: 'Acme', model: 'DC50', serialNumber: 'S-9', firmwareVersion: '2.0', iccid: '8931', imsi: '2620', protocol: '2.0.1' });
    const boot = await kit.database.db.selectFrom('station_boots').where('station_id', '=', 'CS-B').selectAll().executeTakeFirstOrThrow();
    expect(boot).toMatchObject({ reason: 'PowerUp', protocol: '2.0.1' });
  });

  it('answers Rejected to a disabled station', async () => {
    await kit.connect('CS-X', '2.0.1');
    await kit.stations.disable('CS-X');
    const answer = await kit.handle('2.0.1', 'BootNotification', BootNotification, 'CS-X', { reason: 'PowerUp', chargingStation: { vendorName: 'Acme', model: 'DC50' } });
    expect(answer).toMatchObject({ status: 'Rejected', interval: 60 });
  });
});
