import { describe, expect, it } from 'vitest';
import { computeLedger, minuteOf, type LedgerInput } from './ledger.js';
import { openIntervals } from './opening-hours.js';

const t = (iso: string): number => Date.parse(iso);
const day = (hhmm: string, date = '2026-03-02'): number => t(`${date}T${hhmm}:00Z`);

function input(over: Partial<LedgerInput> = {}): LedgerInput {
  return {
    fromMs: day('00:00'), toMs: day('00:00', '2026-03-03'), inServiceFromMs: day('00:00', '2026-01-01'),
    connectors: [{ initial: 'Available', changes: [] }], station: { initial: null, changes: [] },
    online: [[day('00:00', '2026-01-01'), Number.POSITIVE_INFINITY]], maintenance: [], exclusions: [], open: null, failedStarts: [], underPower: [],
    ...over,
  };
}

describe('port ledger', () => {
  it('classifies every minute of a day: faults, offline, maintenance, exclusions over down and up time', () => {
    const ledger = computeLedger(input({
      connectors: [{ initial: 'Available', changes: [{ atMs: day('10:00'), status: 'Faulted' }, { atMs: day('10:45'), status: 'Available' }, { atMs: day('14:10'), status: 'Unavailable' }, { atMs: day('16:00'), status: 'Available' }] }],
      online: [[day('00:00', '2026-01-01'), day('12:00')], [day('12:30'), day('16:30')], [day('17:30'), Number.POSITIVE_INFINITY]],
      maintenance: [[day('14:00'), day('15:00')]],
      exclusions: [
        { fromMs: day('16:00'), toMs: day('17:00'), reason: 'utility_outage' },
        { fromMs: day('20:00'), toMs: day('21:00'), reason: 'vandalism' },
      ],
    }));
    // 10:00-10:45 faulted; 12:00-12:30 offline; 14:00-15:00 maintenance (its Unavailable is not counted twice);
    // 15:00-16:00 Unavailable (set during maintenance, still down after it); 16:00-16:30 up under the utility outage
    // exclusion (stays up); 16:30-17:00 offline under it; 17:00-17:30 offline; the vandalism exclusion lies over up
    // time and changes nothing.
    expect(ledger).toMatchObject({ minutes: 1440, down: 45 + 30 + 60 + 30, excluded: 60 + 30, excludedByReason: { scheduled_maintenance: 60, utility_outage: 30 }, outsideHours: 0 });
    expect(ledger.up).toBe(1440 - 45 - 30 - 60 - 30 - 90);
    expect(ledger.outages).toEqual([
      { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T10:45:00.000Z', minutes: 45, cause: 'faulted', excludedReason: null },
      { start: '2026-03-02T12:00:00.000Z', end: '2026-03-02T12:30:00.000Z', minutes: 30, cause: 'offline', excludedReason: null },
      { start: '2026-03-02T14:00:00.000Z', end: '2026-03-02T15:00:00.000Z', minutes: 60, cause: 'maintenance', excludedReason: 'scheduled_maintenance' },
      { start: '2026-03-02T15:00:00.000Z', end: '2026-03-02T16:00:00.000Z', minutes: 60, cause: 'unavailable', excludedReason: null },
      { start: '2026-03-02T16:30:00.000Z', end: '2026-03-02T17:00:00.000Z', minutes: 30, cause: 'offline', excludedReason: 'utility_outage' },
      { start: '2026-03-02T17:00:00.000Z', end: '2026-03-02T17:30:00.000Z', minutes: 30, cause: 'offline', excludedReason: null },
    ]);
  });

  it('takes the status before the period as its start and cuts intervals at both ends', () => {
    const ledger = computeLedger(input({
      fromMs: day('08:00'), toMs: day('12:00'),
      connectors: [{ initial: 'Faulted', changes: [{ atMs: day('08:20'), status: 'Available' }] }],
      online: [[day('00:00', '2026-01-01'), day('11:50')]],
    }));
    expect(ledger).toMatchObject({ minutes: 240, up: 210, down: 30 });
    expect(ledger.outages.map((o) => [o.start, o.minutes, o.cause])).toEqual([['2026-03-02T08:00:00.000Z', 20, 'faulted'], ['2026-03-02T11:50:00.000Z', 10, 'offline']]);
  });

  it('gives each minute the state at its middle', () => {
    expect(minuteOf(t('2026-03-02T10:00:30Z'))).toBe(day('10:00'));
    expect(minuteOf(t('2026-03-02T10:00:30.001Z'))).toBe(day('10:01'));
    const ledger = computeLedger(input({
      fromMs: day('10:00'), toMs: day('11:00'),
      connectors: [{ initial: 'Available', changes: [{ atMs: t('2026-03-02T10:05:29Z'), status: 'Faulted' }, { atMs: t('2026-03-02T10:07:31Z'), status: 'Available' }] }],
    }));
    expect(ledger).toMatchObject({ minutes: 60, down: 3, up: 57 });
  });

  it('counts a port with several connectors down only when all of them are, and a station-level status for every port', () => {
    const both = (a: string, b: string) => computeLedger(input({ fromMs: day('10:00'), toMs: day('11:00'), connectors: [{ initial: a, changes: [] }, { initial: b, changes: [] }] }));
    expect(both('Faulted', 'Available').down).toBe(0);
    expect(both('Faulted', 'Unavailable').outages[0]).toMatchObject({ minutes: 60, cause: 'faulted' });
    expect(both('Unavailable', 'Unavailable').outages[0]).toMatchObject({ cause: 'unavailable' });
    const station = computeLedger(input({ fromMs: day('10:00'), toMs: day('11:00'), station: { initial: 'Available', changes: [{ atMs: day('10:15'), status: 'Unavailable' }] } }));
    expect(station.outages).toEqual([{ start: '2026-03-02T10:15:00.000Z', end: '2026-03-02T11:00:00.000Z', minutes: 45, cause: 'station_unavailable', excludedReason: null }]);
  });

  it('counts only the minutes from the port\'s first status on, and none for a port that never reported', () => {
    expect(computeLedger(input({ inServiceFromMs: day('18:00') })).minutes).toBe(360);
    expect(computeLedger(input({ inServiceFromMs: null })).minutes).toBe(0);
  });

  it('leaves minutes outside opening hours out of the outage, across a daylight-saving change', () => {
    // Europe/Berlin springs forward on Sunday 2026-03-29 (02:00 CET → 03:00 CEST). Period: Saturday and Sunday, local.
    const fromMs = t('2026-03-27T23:00:00Z');
    const toMs = t('2026-03-29T22:00:00Z');
    const open = openIntervals({ sat: [['08:00', '20:00']], sun: [['08:00', '20:00']] }, 'Europe/Berlin', fromMs, toMs);
    expect(open).toEqual([[t('2026-03-28T07:00:00Z'), t('2026-03-28T19:00:00Z')], [t('2026-03-29T06:00:00Z'), t('2026-03-29T18:00:00Z')]]);
    const ledger = computeLedger(input({
      fromMs, toMs, open,
      online: [[t('2026-01-01T00:00:00Z'), t('2026-03-28T18:00:00Z')], [t('2026-03-29T07:00:00Z'), Number.POSITIVE_INFINITY]],
    }));
    expect(ledger).toMatchObject({ minutes: 47 * 60, outsideHours: 47 * 60 - 24 * 60, down: 120, up: 24 * 60 - 120 });
    expect(ledger.outages.map((o) => [o.start, o.minutes])).toEqual([['2026-03-28T18:00:00.000Z', 60], ['2026-03-29T06:00:00.000Z', 60]]);
    // A local range across the skipped hour is two hours long; a weekday not listed is closed.
    expect(openIntervals({ sun: [['01:00', '04:00']] }, 'Europe/Berlin', fromMs, toMs)).toEqual([[t('2026-03-29T00:00:00Z'), t('2026-03-29T02:00:00Z')]]);
    expect(openIntervals({}, 'Europe/Berlin', fromMs, toMs)).toBeNull();
  });
});
