import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
});
afterAll(async () => {
  await kit.close();
});

const connector = (stationId: string, evseId: number, connectorId = 1) =>
  kit.database.db.selectFrom('connectors').where('station_id', '=', stationId).where('evse_id', '=', evseId).where('connector_id', '=', connectorId).selectAll().executeTakeFirst();
const history = (stationId: string) => kit.database.db.selectFrom('connector_status_history').where('station_id', '=', stationId).selectAll().orderBy('id').execute();
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('status notifications', () => {
  it('upserts the connector, keeps history, and publishes the change with the previous status after commit', async () => {
    await kit.connect('ST-1');
    expect(await kit.stations.statusChanged('ST-1', { evseId: 1, connectorId: 1, status: 'Available', timestamp: at(1) })).toEqual({ current: true });
    await kit.stations.statusChanged('ST-1', { evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'E7', timestamp: at(2) });
    expect(await connector('ST-1', 1)).toMatchObject({ status: 'Faulted', error_code: 'GroundFailure', vendor_error_code: 'E7', status_at: at(2) });
    expect((await history('ST-1')).map((h) => h.status)).toEqual(['Available', 'Faulted']);
    const published = kit.events.filter((e) => e.type === 'connector.status' && e.stationId === 'ST-1');
    expect(published.map((e) => [e.data.previousStatus, e.data.status])).toEqual([[null, 'Available'], ['Available', 'Faulted']]);
    expect(published.every((e) => typeof e.id === 'string')).toBe(true);
    const stored = await kit.database.db.selectFrom('events').where('type', '=', 'connector.status').where('station_id', '=', 'ST-1').select('data').execute();
    expect(stored).toHaveLength(2);
  });

  it('records a late, older status in the history only', async () => {
    await kit.connect('ST-2');
    await kit.stations.statusChanged('ST-2', { evseId: 1, connectorId: 1, status: 'Occupied', timestamp: at(10) });
    const before = kit.events.length;
    expect(await kit.stations.statusChanged('ST-2', { evseId: 1, connectorId: 1, status: 'Available', timestamp: at(5) })).toEqual({ current: false });
    expect((await connector('ST-2', 1))?.status).toBe('Occupied');
    expect((await history('ST-2')).map((h) => h.status)).toEqual(['Occupied', 'Available']);
    expect(kit.events.slice(before).filter((e) => e.type === 'connector.status')).toEqual([]);
  });

  it('keeps the station-level status (evse 0) on the station, not as a connector', async () => {
    await kit.connect('ST-3');
    await kit.stations.statusChanged('ST-3', { evseId: 0, connectorId: 0, status: 'Unavailable', timestamp: at(20) });
    await kit.stations.statusChanged('ST-3', { evseId: 0, connectorId: 0, status: 'Faulted', timestamp: at(15) });
    expect((await kit.stations.get('ST-3')).stationStatus).toBe('Unavailable');
    expect(await connector('ST-3', 0, 0)).toBeUndefined();
    await kit.stations.statusChanged('ST-3', { evseId: 0, connectorId: 0, status: 'Available', timestamp: at(25) });
    expect((await kit.stations.get('ST-3')).stationStatus).toBe('Available');
    const ev = kit.events.filter((e) => e.type === 'station.status' && e.stationId === 'ST-3');
    expect(ev.map((e) => [e.data.previousStatus, e.data.status])).toEqual([[null, 'Unavailable'], ['Unavailable', 'Available']]);
  });

  it('commits a storm of many stations in few batches, each in timestamp order per connector', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `STORM-${i}`);
    for (const id of ids) await kit.stations.create({ id });
    const batchesBefore = kit.committer.stats.batches;
    await Promise.all(ids.flatMap((id) => [
      kit.stations.statusChanged(id, { evseId: 1, connectorId: 1, status: 'Charging', timestamp: at(31) }),
      kit.stations.statusChanged(id, { evseId: 1, connectorId: 1, status: 'Available', timestamp: at(30) }),
      kit.stations.statusChanged(id, { evseId: 2, connectorId: 1, status: 'Available', timestamp: at(30) }),
    ]));
    expect(kit.committer.stats.batches - batchesBefore).toBeLessThan(20);
    const rows = await kit.database.db.selectFrom('connectors').where('station_id', 'like', 'STORM-%').select(['evse_id', 'status']).execute();
    expect(rows).toHaveLength(400);
    expect(rows.filter((r) => r.evse_id === 1).every((r) => r.status === 'Charging')).toBe(true);
  });

  it('does not fail other stations’ rows when a station was removed while connected', async () => {
    await kit.stations.create({ id: 'GONE-1' });
    await kit.stations.create({ id: 'STAY-1' });
    await kit.stations.remove('GONE-1');
    await Promise.all([
      kit.stations.statusChanged('GONE-1', { evseId: 1, connectorId: 1, status: 'Available', timestamp: at(40) }),
      kit.stations.statusChanged('STAY-1', { evseId: 1, connectorId: 1, status: 'Available', timestamp: at(40) }),
      kit.stations.firmwareStatus('GONE-1', { status: 'Installed' }),
    ]);
    expect((await connector('STAY-1', 1))?.status).toBe('Available');
    expect(await connector('GONE-1', 1)).toBeUndefined();
  });
});
