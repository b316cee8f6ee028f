import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { writePortHistory, writeRemoteStarts, writeSessions } from '../../test-kit/uptime.js';
import { failedStartIntervals, statusIntervals, underPowerIntervals } from './derived-downtime.js';
import { computeLedger } from './ledger.js';
import { UptimeService } from './uptime-service.js';
import type { Outage } from './uptime.js';

const t = (hhmm: string, date = '2026-03-02'): number => Date.parse(`${date}T${hhmm}:00Z`);
const iso = (hhmm: string, date = '2026-03-02'): string => `${date}T${hhmm}:00Z`;
const brief = (outages: Outage[]) => outages.map((o) => [o.start.slice(11, 16), o.minutes, o.cause]);

describe('derived downtime intervals', () => {
  it('keeps a port down after a failed start for the set minutes or until its next attempt', () => {
    expect(failedStartIntervals([{ atMs: t('08:00'), nextAttemptMs: t('08:10') }, { atMs: t('09:00'), nextAttemptMs: null }], 30)).toEqual([[t('08:00'), t('08:10')], [t('09:00'), t('09:30')]]);
    expect(failedStartIntervals([{ atMs: t('08:00'), nextAttemptMs: null }], 0)).toEqual([]);
  });

  it('finds the intervals a track holds a status, from its status before the span', () => {
    const track = { initial: 'Charging', changes: [{ atMs: t('10:30'), status: 'SuspendedEV' }, { atMs: t('11:00'), status: 'Charging' }, { atMs: t('13:00'), status: 'Available' }] };
    expect(statusIntervals(track, 'Charging', t('10:00'), t('12:00'))).toEqual([[t('10:00'), t('10:30')], [t('11:00'), t('12:00')]]);
  });

  it('counts a session under-powered by its mean over its Charging minutes only, and ranks faults above derived causes', () => {
    const track = { initial: 'Available', changes: [{ atMs: t('10:00'), status: 'Charging' }, { atMs: t('11:00'), status: 'SuspendedEV' }, { atMs: t('12:00'), status: 'Available' }] };
    // 3 kWh in the hour of Charging is 3 kW: not under 2 kW, although over the whole two hours it averages 1.5 kW.
    expect(underPowerIntervals([{ connectorId: 1, fromMs: t('10:00'), toMs: t('12:00'), energyWh: 3000 }], () => track, 2000)).toEqual([]);
    const under = underPowerIntervals([{ connectorId: 1, fromMs: t('10:00'), toMs: t('12:00'), energyWh: 1000 }], () => track, 2000);
    expect(under).toEqual([[t('10:00'), t('11:00')]]);
    const ledger = computeLedger({
      fromMs: t('09:00'), toMs: t('13:00'), inServiceFromMs: t('00:00', '2026-01-01'),
      connectors: [{ initial: 'Available', changes: [{ atMs: t('10:40'), status: 'Faulted' }, { atMs: t('10:50'), status: 'Charging' }] }],
      station: { initial: null, changes: [] }, online: [[t('00:00', '2026-01-01'), Number.POSITIVE_INFINITY]], maintenance: [[t('12:30'), t('13:00')]], exclusions: [], open: null,
      failedStarts: [[t('09:30'), t('10:00')], [t('12:20'), t('12:50')]], underPower: under,
    });
    expect(brief(ledger.outages)).toEqual([['09:30', 30, 'failed_start'], ['10:00', 40, 'under_power'], ['10:40', 10, 'faulted'], ['10:50', 10, 'under_power'], ['12:20', 10, 'failed_start'], ['12:30', 30, 'maintenance']]);
    expect(ledger).toMatchObject({ minutes: 240, down: 100, excluded: 30 });
  });
});

describe('failed starts and under-power in the ledger', () => {
  let kit: CoreKit;
  const service = (failedStartDownMin: number, underPowerW: number) =>
    new UptimeService({ db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger, settings: { failedStartDownMin, underPowerW, quickStopS: () => 60 } });

  beforeAll(async () => {
    kit = await createCoreKit({ start: '2026-03-01T00:00:00Z' });
  });
  afterAll(async () => kit.close());

  it('counts failed starts from sessions and rejected remote starts to the minute, only when set', async () => {
    const db = kit.database.db;
    await kit.stations.create({ id: 'FS-1' });
    await writePortHistory(db, 'FS-1', [['2026-02-01T00:00:00Z', 1, 'Available']], [['2026-02-01T00:00:00Z', null]]);
    await writeSessions(db, 'FS-1', [
      // Before the period: down from 23:45 until 00:15 (30 min, no attempt in between).
      { evseId: 1, startedAt: iso('23:45', '2026-03-01'), stoppedAt: '2026-03-01T23:45:30Z', energyWh: 0 },
      // Ends after 40 s with no energy; the next attempt at 08:10 succeeds: 10 min down.
      { evseId: 1, startedAt: iso('08:00'), stoppedAt: '2026-03-02T08:00:40Z', energyWh: 0 },
      { evseId: 1, startedAt: iso('08:10'), stoppedAt: iso('09:00'), energyWh: 5000 },
      // A refused token at 12:00, then a remote start rejected at 12:20: down 12:00 to 12:50.
      { evseId: 1, startedAt: iso('12:00'), stoppedAt: '2026-03-02T12:00:05Z', energyWh: 0, authStatus: 'Invalid' },
      // 61 s with no energy is not a failed start (quickStopS 60).
      { evseId: 1, startedAt: iso('15:00'), stoppedAt: '2026-03-02T15:01:01Z', energyWh: 0 },
      // The period ends 10 min after this one.
      { evseId: 1, startedAt: iso('23:50'), stoppedAt: '2026-03-02T23:50:10Z', energyWh: 0 },
    ]);
    await writeRemoteStarts(db, 'FS-1', [[iso('12:20'), 1, 'Rejected'], [iso('16:00'), 1, 'Accepted']]);
    kit.clock.set('2026-03-04T00:00:00Z');
    const from = new Date(iso('00:00'));
    const to = new Date(iso('00:00', '2026-03-03'));
    const [port] = await service(30, 0).ledgers({ stationId: 'FS-1' }, from, to);
    expect(brief(port!.ledger.outages)).toEqual([['00:00', 15, 'failed_start'], ['08:00', 10, 'failed_start'], ['12:00', 50, 'failed_start'], ['23:50', 10, 'failed_start']]);
    expect(port!.ledger).toMatchObject({ minutes: 1440, down: 85, up: 1440 - 85 });
    // Off by default: only faulted, unavailable and offline count.
    const [off] = await new UptimeService({ db, bus: kit.bus, clock: kit.clock, logger: silentLogger }).ledgers({ stationId: 'FS-1' }, from, to);
    expect(off!.ledger).toMatchObject({ down: 0, up: 1440 });
  });

  it('counts the Charging minutes of under-powered sessions, over sessions that cross the period start and running ones', async () => {
    const db = kit.database.db;
    await kit.stations.create({ id: 'UP-1' });
    await writePortHistory(db, 'UP-1', [
      ['2026-02-01T00:00:00Z', 1, 'Available'],
      [iso('23:00', '2026-03-01'), 1, 'Charging'], [iso('01:00'), 1, 'Available'],
      [iso('10:00'), 1, 'Preparing'], [iso('10:05'), 1, 'Charging'], [iso('11:05'), 1, 'SuspendedEV'], [iso('12:00'), 1, 'Available'],
      [iso('14:00'), 1, 'Charging'], [iso('15:00'), 1, 'SuspendedEV'], [iso('16:00'), 1, 'Available'],
      [iso('20:00'), 1, 'Charging'],
    ], [['2026-02-01T00:00:00Z', null]]);
    await writeSessions(db, 'UP-1', [
      // 2 kWh over 2 h of Charging (1 kW), one of them in the period: 60 min. Judged by the last hour alone it would be 2 kW.
      { evseId: 1, startedAt: iso('23:00', '2026-03-01'), stoppedAt: iso('01:00'), energyWh: 2000 },
      // 1 kWh over its hour of Charging: 10:05 to 11:05.
      { evseId: 1, startedAt: iso('10:00'), stoppedAt: iso('12:00'), energyWh: 1000 },
      // 3 kWh over its hour of Charging is 3 kW: up, although it averages 1.5 kW over the session.
      { evseId: 1, startedAt: iso('14:00'), stoppedAt: iso('16:00'), energyWh: 3000 },
      // Running at 21:00 with 500 Wh after an hour: 20:00 to 21:00.
      { evseId: 1, startedAt: iso('20:00'), stoppedAt: null, energyWh: 500 },
    ]);
    kit.clock.set(iso('21:00'));
    const [port] = await service(0, 2000).ledgers({ stationId: 'UP-1' }, new Date(iso('00:00')), new Date(iso('00:00', '2026-03-03')));
    expect(brief(port!.ledger.outages)).toEqual([['00:00', 60, 'under_power'], ['10:05', 60, 'under_power'], ['20:00', 60, 'under_power']]);
    expect(port!.ledger).toMatchObject({ minutes: 21 * 60, down: 180 });
    const uptimes = await service(0, 2000).stationUptimes(['UP-1', 'NONE'], new Date(iso('00:00')), new Date(iso('21:00')));
    expect(uptimes).toEqual(new Map([['UP-1', Math.round(((1260 - 180) / 1260) * 100_000) / 1000], ['NONE', null]]));
  });
});
