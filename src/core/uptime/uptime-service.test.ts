import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { writePortHistory } from '../../test-kit/uptime.js';
import { LiveView } from '../live/index.js';
import { MaintenanceWindows } from './maintenance-windows.js';
import { UptimeExclusions } from './exclusions.js';
import { UptimeService } from './uptime-service.js';

let kit: CoreKit;
let windows: MaintenanceWindows;
let uptime: UptimeService;
let exclusions: UptimeExclusions;

/** Writes a port's history as the station service would have stored it. */
const history = (stationId: string, rows: Array<[string, number, string]>, connections: Array<[string, string | null]>) => writePortHistory(kit.database.db, stationId, rows, connections);

beforeAll(async () => {
  kit = await createCoreKit({ start: '2026-01-01T00:00:00Z' });
  const deps = { db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger };
  windows = new MaintenanceWindows(deps);
  uptime = new UptimeService(deps);
  exclusions = new UptimeExclusions(deps);
});
afterAll(async () => kit.close());

describe('uptime over a year', () => {
  it('applies the NEVI formula to a 12-month ledger, per period and per stored month', async () => {
    await kit.stations.create({ id: 'UP-YEAR' });
    await history('UP-YEAR', [
      ['2024-12-01T00:00:00Z', 1, 'Available'], ['2025-03-10T10:00:00Z', 1, 'Faulted'], ['2025-03-10T13:00:00Z', 1, 'Available'],
    ], [['2024-12-01T00:00:00Z', '2025-07-04T00:00:00Z'], ['2025-07-04T02:00:00Z', null]]);
    await kit.database.db.insertInto('maintenance_windows').values({
      station_id: 'UP-YEAR', evse_id: 1, starts_at: '2025-09-01T08:00:00Z', ends_at: '2025-09-01T12:00:00Z', reason: 'cable swap', state: 'ended', created_by: 'ops', created_at: '2025-08-01T00:00:00Z',
    }).execute();
    await exclusions.create({ stationId: 'UP-YEAR', startsAt: new Date('2025-07-04T00:00:00Z'), endsAt: new Date('2025-07-04T01:00:00Z'), reason: 'utility_outage', evidence: 'https://utility.example/outage/42', by: 'ops' });

    const [port] = await uptime.ledgers({ stationId: 'UP-YEAR' }, new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    expect(port!.ledger).toMatchObject({ minutes: 525_600, down: 180 + 60, excluded: 60 + 240, excludedByReason: { utility_outage: 60, scheduled_maintenance: 240 } });
    // µ = ((525,600 − (540 − 300)) / 525,600) × 100
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);
    await uptime.closeMonths();
    const stored = await kit.database.db.selectFrom('uptime_monthly').where('station_id', '=', 'UP-YEAR').selectAll().orderBy('month').execute();
    expect(stored.map((r) => [r.minutes, r.down_minutes, r.excluded_minutes])).toEqual(months.map((m) => {
      const days = new Date(Date.UTC(2025, Number(m.slice(5, 7)), 0)).getUTCDate();
      return [days * 1440, m === '2025-03-01' ? 180 : m === '2025-07-01' ? 60 : 0, m === '2025-07-01' ? 60 : m === '2025-09-01' ? 240 : 0];
    }));
    const byPort = await uptime.months(await uptime.ports({ stationId: 'UP-YEAR' }), months);
    const year = byPort.get('UP-YEAR:1')!.reduce((sum, m) => ({ minutes: sum.minutes + m.ledger.minutes, down: sum.down + m.ledger.down }), { minutes: 0, down: 0 });
    expect(year).toEqual({ minutes: 525_600, down: 240 });
    expect(((525_600 - (540 - 300)) / 525_600) * 100).toBeCloseTo(99.954, 3);

    // A new exclusion over stored months makes them be computed again with it.
    await exclusions.create({ stationId: 'UP-YEAR', evseId: 1, startsAt: new Date('2025-03-10T09:00:00Z'), endsAt: new Date('2025-03-10T11:00:00Z'), reason: 'vandalism', by: 'ops' });
    const march = (await uptime.months(await uptime.ports({ stationId: 'UP-YEAR' }), ['2025-03-01'])).get('UP-YEAR:1')![0]!;
    expect(march.ledger).toMatchObject({ down: 120, excluded: 60, excludedByReason: { vandalism: 60 } });
  });

  it('counts months in the site\'s time zone, with its opening hours, over a daylight-saving change', async () => {
    const site = await kit.database.db.insertInto('sites').values({ name: 'Berlin', timezone: 'Europe/Berlin', opening_hours: JSON.stringify({ mon: [['06:00', '22:00']], tue: [['06:00', '22:00']], wed: [['06:00', '22:00']], thu: [['06:00', '22:00']], fri: [['06:00', '22:00']], sat: [['06:00', '22:00']], sun: [['06:00', '22:00']] }) }).returning('id').executeTakeFirstOrThrow();
    await kit.stations.create({ id: 'UP-TZ' });
    await kit.database.db.updateTable('stations').set({ site_id: site.id }).where('id', '=', 'UP-TZ').execute();
    // Offline from 21:00 CET on Saturday 29 March to 07:00 CEST on Sunday 30 March (the night the clocks go forward).
    await history('UP-TZ', [['2025-02-01T00:00:00Z', 1, 'Available']], [['2025-02-01T00:00:00Z', '2025-03-29T20:00:00Z'], ['2025-03-30T05:00:00Z', null]]);
    const march = (await uptime.months(await uptime.ports({ stationId: 'UP-TZ' }), ['2025-03-01'])).get('UP-TZ:1')![0]!;
    // March in Berlin: 31 days less the skipped hour; open 16 h a day; 1 h down each evening and morning.
    expect(march).toMatchObject({ from: '2025-02-28T23:00:00.000Z', to: '2025-03-31T22:00:00.000Z', partial: false });
    expect(march.ledger).toMatchObject({ minutes: 31 * 1440 - 60, outsideHours: 31 * 1440 - 60 - 31 * 16 * 60, down: 120 });
  });
});

describe('maintenance windows', () => {
  it('start and end at their times on the clock, with events, and the live view shows the port in maintenance', async () => {
    await kit.stations.create({ id: 'UP-MW' });
    await history('UP-MW', [['2025-12-01T00:00:00Z', 1, 'Available'], ['2025-12-01T00:00:00Z', 2, 'Available']], [['2025-12-01T00:00:00Z', null]]);
    const live = new LiveView({ db: kit.database.db, bus: kit.bus, logger: silentLogger });
    await live.start();
    kit.clock.set('2026-01-01T00:00:00Z');
    const scheduled = await windows.create({ stationId: 'UP-MW', evseId: 2, startsAt: new Date('2026-01-01T01:00:00Z'), endsAt: new Date('2026-01-01T02:30:00Z'), reason: 'inspection', by: 'ops' });
    expect(scheduled.state).toBe('scheduled');
    const seen = () => kit.events.filter((e) => e.type.startsWith('maintenance.') && e.stationId === 'UP-MW').map((e) => `${e.type}@${e.at.slice(11, 16)}`);
    kit.clock.set('2026-01-01T00:59:59Z');
    await windows.tick();
    expect(await windows.activeFor('UP-MW', 2, kit.clock.now())).toBeNull();
    kit.clock.set('2026-01-01T01:00:00Z');
    await windows.tick();
    expect(await windows.activeFor('UP-MW', 2, kit.clock.now())).toEqual({ id: scheduled.id, endsAt: '2026-01-01T02:30:00.000Z', reason: 'inspection' });
    expect(await windows.activeFor('UP-MW', 1, kit.clock.now())).toBeNull();
    expect(live.station('UP-MW')!.connectors.map((c) => c.maintenance?.windowId ?? null)).toEqual([null, scheduled.id]);

    // Maintenance mode for the whole station, started now and ended by hand.
    kit.clock.set('2026-01-01T01:30:00Z');
    const whole = await windows.create({ stationId: 'UP-MW', reason: 'transformer work', by: 'tech' });
    expect(whole.state).toBe('active');
    expect((await windows.activeFor('UP-MW', 1, kit.clock.now()))?.id).toBe(whole.id);
    expect((await windows.activeFor('UP-MW', null, kit.clock.now()))?.id).toBe(whole.id);
    kit.clock.set('2026-01-01T02:00:00Z');
    await windows.end(whole.id, 'tech');
    kit.clock.set('2026-01-01T02:30:00Z');
    await windows.tick();
    expect(await windows.activeFor('UP-MW', 2, kit.clock.now())).toBeNull();
    expect(live.station('UP-MW')!.connectors.map((c) => c.maintenance ?? null)).toEqual([null, null]);
    expect(seen()).toEqual(['maintenance.scheduled@00:00', 'maintenance.started@01:00', 'maintenance.started@01:30', 'maintenance.ended@02:00', 'maintenance.ended@02:30']);
    live.stop();

    // Up to now (02:30): port 2 spent 90 min in its window (excluded), port 1 30 min in the station's; otherwise up.
    const ports = await uptime.ledgers({ stationId: 'UP-MW' }, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T03:00:00Z'));
    expect(ports.map((p) => [p.port.evseId, p.ledger.up, p.ledger.excluded, p.ledger.down])).toEqual([[1, 120, 30, 0], [2, 60, 90, 0]]);
  });

  it('refuses to end a window that has not started and deletes only future ones', async () => {
    kit.clock.set('2026-01-01T03:00:00Z');
    const later = await windows.create({ stationId: 'UP-MW', startsAt: new Date('2026-01-02T00:00:00Z'), reason: 'later', by: 'ops' });
    await expect(windows.end(later.id, 'ops')).rejects.toMatchObject({ status: 409 });
    await windows.remove(later.id);
    await expect(windows.get(later.id)).rejects.toMatchObject({ status: 404 });
    const now = await windows.create({ stationId: 'UP-MW', evseId: 1, reason: 'now', by: 'ops' });
    await expect(windows.remove(now.id)).rejects.toMatchObject({ status: 409 });
    await expect(windows.create({ stationId: 'UP-MW', evseId: 9, reason: 'x', by: 'ops' })).rejects.toMatchObject({ status: 404 });
  });
});
