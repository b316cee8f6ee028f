import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  for (const id of ['ADM-A', 'ADM-B', 'ADM-C']) await kit.stations.create({ id, name: `Depot ${id}` });
  await kit.stations.create({ id: 'ADM-P', admission: 'pending' });
});
afterAll(async () => {
  await kit.close();
});

describe('station administration', () => {
  it('creates presentable stations without exposing the password hash', async () => {
    const s = await kit.stations.create({ id: 'ADM-PW', name: 'Garage', password: 'sixteen-chars-pw' });
    expect(s).toMatchObject({ id: 'ADM-PW', name: 'Garage', admission: 'accepted', hasPassword: true, online: false });
    expect(s).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(s)).not.toMatch(/scrypt|password_hash/);
    expect(kit.events.some((e) => e.type === 'station.created' && e.stationId === 'ADM-PW' && e.data.source === 'operator')).toBe(true);
  });

  it('refuses bad ids, short passwords and duplicates', async () => {
    await expect(kit.stations.create({ id: 'has space' })).rejects.toThrow(ValidationError);
    await expect(kit.stations.create({ id: 'x'.repeat(49) })).rejects.toThrow(ValidationError);
    await expect(kit.stations.create({ id: 'ADM-Q', password: 'short' })).rejects.toThrow(ValidationError);
    await expect(kit.stations.create({ id: 'ADM-A' })).rejects.toThrow(ConflictError);
    await expect(kit.stations.setPassword('ADM-A', 'x'.repeat(41))).rejects.toThrow(ValidationError);
  });

  it('lists with filters and paging', async () => {
    const pending = await kit.stations.list({ admission: 'pending' });
    expect(pending.items.map((s) => s.id)).toEqual(['ADM-P']);
    const page = await kit.stations.list({ search: 'depot', limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.items.map((s) => s.id)).toEqual(['ADM-B', 'ADM-C']);
    expect((await kit.stations.list({ search: '100%_' })).total).toBe(0);
    expect((await kit.stations.list({ online: true })).total).toBe(0);
  });

  it('gets a station with its connectors in order', async () => {
    await kit.stations.statusChanged('ADM-A', { evseId: 2, connectorId: 1, status: 'Available', timestamp: kit.clock.now() });
    await kit.stations.statusChanged('ADM-A', { evseId: 1, connectorId: 1, status: 'Occupied', timestamp: kit.clock.now() });
    const s = await kit.stations.get('ADM-A');
    expect(s.connectors.map((c) => [c.evseId, c.status])).toEqual([[1, 'Occupied'], [2, 'Available']]);
    await expect(kit.stations.get('NOPE')).rejects.toThrow(NotFoundError);
  });

  it('changes admission with one event per real change', async () => {
    expect((await kit.stations.approve('ADM-P')).admission).toBe('accepted');
    await kit.stations.approve('ADM-P');
    expect(kit.events.filter((e) => e.type === 'station.admission' && e.stationId === 'ADM-P')).toHaveLength(1);
    await expect(kit.stations.disable('NOPE')).rejects.toThrow(NotFoundError);
  });

  it('removes a station, but not one with sessions', async () => {
    await kit.stations.remove('ADM-C');
    await expect(kit.stations.get('ADM-C')).rejects.toThrow(NotFoundError);
    await expect(kit.stations.remove('ADM-C')).rejects.toThrow(NotFoundError);
    await kit.database.db.insertInto('sessions').values({ station_id: 'ADM-B', transaction_ref: '1', protocol: '1.6', evse_id: 1, connector_id: 1, started_at: kit.clock.now() }).execute();
    await expect(kit.stations.remove('ADM-B')).rejects.toThrow(ConflictError);
    expect((await kit.stations.get('ADM-B')).id).toBe('ADM-B');
  });
});
