import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessBus } from '../../bus/in-process-bus.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { silentLogger } from '../../test-kit/logger.js';
import { LiveView } from './live-view.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

const at = '2026-01-01T00:00:00.000Z';

describe('LiveView', () => {
  it('loads sites and site membership, then follows station, site and seen events', async () => {
    const [site] = await database.db.insertInto('sites').values({ name: 'Yard' }).returning('id').execute();
    await database.db.insertInto('stations').values({ id: 'LV-1', admission: 'accepted', site_id: site!.id }).execute();
    const bus = new InProcessBus(silentLogger);
    const live = new LiveView({ db: database.db, bus, logger: silentLogger });
    await live.start();
    expect(live.station('LV-1')?.siteId).toBe(site!.id);
    expect(live.site(site!.id)?.name).toBe('Yard');

    bus.publish({ type: 'station.created', at, stationId: 'LV-2', data: { admission: 'pending', name: 'Two', siteId: site!.id } });
    expect(live.station('LV-2')).toMatchObject({ admission: 'pending', name: 'Two', siteId: site!.id, online: false });
    bus.publish({ type: 'station.updated', at, stationId: 'LV-2', data: { name: null } });
    expect(live.station('LV-2')).toMatchObject({ name: null, siteId: site!.id });
    bus.publish({ type: 'station.seen', at: '2026-01-01T00:05:00.000Z', stationId: 'LV-2', data: {} });
    expect(live.station('LV-2')?.lastSeenAt).toBe('2026-01-01T00:05:00.000Z');
    bus.publish({ type: 'station.connected', at, stationId: 'LV-2', data: { version: '2.0.1' } });
    bus.publish({ type: 'station.disconnected', at: '2026-01-01T00:06:00.000Z', stationId: 'LV-2', data: { replaced: false } });
    expect(live.station('LV-2')).toMatchObject({ online: false, disconnectedAt: '2026-01-01T00:06:00.000Z', protocol: '2.0.1' });
    bus.publish({ type: 'connector.status', at, stationId: 'LV-2', data: { evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', info: 'leak', vendorErrorCode: 'E7' } });
    expect(live.station('LV-2')?.connectors[0]).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure', info: 'leak', vendorErrorCode: 'E7' });

    expect(live.siteStats().get(site!.id)).toEqual({ stationCount: 2, onlineCount: 0, powerW: 0, activeSessions: 0 });
    bus.publish({ type: 'site.updated', at, data: { siteId: site!.id, name: 'Yard B' } });
    expect(live.site(site!.id)?.name).toBe('Yard B');
    bus.publish({ type: 'site.removed', at, data: { siteId: site!.id } });
    expect(live.site(site!.id)).toBeUndefined();
    expect(live.station('LV-1')?.siteId).toBeNull();
    expect(live.station('LV-2')?.siteId).toBeNull();
    live.stop();
  });
});
