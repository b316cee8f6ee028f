import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { NotifyEvent } from './NotifyEvent.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CS-E', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 NotifyEvent', () => {
  it('stores each eventData and raises one station.event per entry', async () => {
    const answer = await kit.handle('2.0.1', 'NotifyEvent', NotifyEvent, 'CS-E', {
      generatedAt: '2025-12-31T23:50:00Z',
      seqNo: 0,
      eventData: [
        { eventId: 1, timestamp: '2025-12-31T23:49:00Z', trigger: 'Alerting', actualValue: 'true', component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' }, eventNotificationType: 'HardWiredNotification', techCode: 'E12' },
        { eventId: 2, timestamp: '2025-12-31T23:49:30Z', trigger: 'Delta', actualValue: 'false', cleared: true, component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'Problem' }, eventNotificationType: 'HardWiredNotification' },
      ],
    });
    expect(answer).toEqual({});
    const rows = await kit.database.db.selectFrom('station_notifications').where('station_id', '=', 'CS-E').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.kind, r.status, r.at.toISOString()])).toEqual([
      ['event', 'Alerting', '2025-12-31T23:49:00.000Z'],
      ['event', 'Delta', '2025-12-31T23:49:30.000Z'],
    ]);
    expect(rows[0]?.detail).toMatchObject({ eventId: 1, techCode: 'E12', seqNo: 0, component: { name: 'Connector' } });
    expect(kit.events.filter((e) => e.type === 'station.event').map((e) => e.data.eventId)).toEqual([1, 2]);
  });
});
