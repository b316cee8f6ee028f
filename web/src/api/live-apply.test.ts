import { describe, expect, it } from 'vitest';
import { appendSamples, applyToSession, applyToStation, worstStatus } from './live-apply.js';
import type { ConnectorLive, LiveEvent, SessionView, StationListItem } from './types.js';

const connector = (evseId: number, status: string, extra: Partial<ConnectorLive> = {}): ConnectorLive => ({
  evseId, connectorId: 1, status, errorCode: null, info: null, vendorErrorCode: null, statusAt: null, sessionId: null, powerW: null, energyWh: null, soc: null, ...extra,
});

const station = (connectors: ConnectorLive[]): StationListItem => ({
  id: 'S1', name: null, admission: 'accepted', protocol: '1.6', vendor: null, model: null, firmwareVersion: null, siteId: null, siteName: null,
  simulated: false, online: true, lastSeenAt: null, status: worstStatus(connectors), connectors, powerW: 0,
});

const event = (type: string, data: Record<string, unknown>, extra: Partial<LiveEvent> = {}): LiveEvent => ({ type, at: '2025-01-01T10:00:00.000Z', stationId: 'S1', data, ...extra });

describe('worstStatus', () => {
  it('puts faults first, then unavailable, then charging, and ignores order', () => {
    expect(worstStatus([connector(1, 'Available'), connector(2, 'Charging')])).toBe('Charging');
    expect(worstStatus([connector(1, 'Charging'), connector(2, 'Faulted')])).toBe('Faulted');
    expect(worstStatus([connector(1, 'Unavailable'), connector(2, 'Charging')])).toBe('Unavailable');
    expect(worstStatus([])).toBeNull();
  });
});

describe('applyToStation', () => {
  it('changes a connector status and the station summary status', () => {
    const before = station([connector(1, 'Available'), connector(2, 'Available')]);
    const after = applyToStation(before, event('connector.status', { evseId: 2, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', timestamp: '2025-01-01T09:59:59.000Z' }));
    expect(after.connectors[1]).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure', statusAt: '2025-01-01T09:59:59.000Z' });
    expect(after.status).toBe('Faulted');
    expect(before.connectors[1]!.status).toBe('Available');
  });

  it('adds a connector it did not know, in order', () => {
    const after = applyToStation(station([connector(2, 'Available')]), event('connector.status', { evseId: 1, connectorId: 1, status: 'Charging' }));
    expect(after.connectors.map((c) => c.evseId)).toEqual([1, 2]);
  });

  it('ignores events of other stations and unknown types (same object back)', () => {
    const before = station([connector(1, 'Available')]);
    expect(applyToStation(before, event('connector.status', { evseId: 1, status: 'Faulted' }, { stationId: 'S2' }))).toBe(before);
    expect(applyToStation(before, event('station.firmware', {}))).toBe(before);
  });

  it('follows online state, but a replaced socket does not make the station offline', () => {
    const before = station([]);
    expect(applyToStation(before, event('station.disconnected', { replaced: true })).online).toBe(true);
    const offline = applyToStation(before, event('station.disconnected', { replaced: false }));
    expect(offline.online).toBe(false);
    expect(applyToStation(offline, event('station.connected', { version: '2.0.1' }))).toMatchObject({ online: true, protocol: '2.0.1' });
  });

  it('tracks a session on its connector: start, meter samples (station power is the sum), stop', () => {
    let s = station([connector(1, 'Charging'), connector(2, 'Charging')]);
    s = applyToStation(s, event('session.started', { evseId: 1, connectorId: 1, energyWh: 0 }, { sessionId: 7 }));
    expect(s.connectors[0]!.sessionId).toBe(7);
    s = applyToStation(s, event('meter.sample', { evseId: 1, connectorId: 1, sessionId: 7, powerW: 7000, energyWh: 120, soc: 41 }, { sessionId: 7 }));
    s = applyToStation(s, event('meter.sample', { evseId: 2, connectorId: 1, sessionId: null, powerW: 3000, energyWh: null, soc: null }));
    expect(s.connectors[0]).toMatchObject({ powerW: 7000, energyWh: 120, soc: 41 });
    expect(s.powerW).toBe(10_000);
    s = applyToStation(s, event('session.stopped', { energyWh: 130 }, { sessionId: 7 }));
    expect(s.connectors[0]).toMatchObject({ sessionId: null, powerW: null });
    expect(s.powerW).toBe(3000);
  });
});

describe('applyToStation maintenance', () => {
  const window = (windowId: number, evseId: number | null, reason = 'work') => ({ windowId, evseId, reason, note: null, startsAt: '2025-01-01T10:00:00.000Z', endsAt: null, state: 'active' });

  it('shows a port in maintenance when its window starts and not after it ends, leaving other ports alone', () => {
    const before = station([connector(1, 'Available'), connector(2, 'Available')]);
    const started = applyToStation(before, event('maintenance.started', window(5, 2, 'Cable swap')));
    expect(started.connectors.map((c) => c.maintenance ?? null)).toEqual([null, { windowId: 5, reason: 'Cable swap', endsAt: null }]);
    expect(started.connectors[0]).toBe(before.connectors[0]);
    const ended = applyToStation(started, event('maintenance.ended', { ...window(5, 2), state: 'ended' }));
    expect(ended.connectors.map((c) => c.maintenance ?? null)).toEqual([null, null]);
  });

  it('puts a station-wide window over every port, above a port\'s own, and ignores windows it does not show', () => {
    let s = applyToStation(station([connector(1, 'Available'), connector(2, 'Available')]), event('maintenance.started', window(5, 2)));
    s = applyToStation(s, event('maintenance.started', window(6, null, 'Transformer')));
    expect(s.connectors.map((c) => c.maintenance?.windowId)).toEqual([6, 6]);
    // A port's own window starting under a station-wide one does not hide it.
    expect(applyToStation(s, event('maintenance.started', window(7, 1)))).toBe(s);
    expect(applyToStation(s, event('maintenance.ended', window(5, 2)))).toBe(s);
    expect(applyToStation(s, event('maintenance.scheduled', window(8, 1)))).toBe(s);
    expect(applyToStation(s, event('maintenance.ended', window(6, null)))).toMatchObject({ connectors: [{ maintenance: null }, { maintenance: null }] });
  });
});

describe('applyToSession', () => {
  const session: SessionView = {
    id: 7, stationId: 'S1', siteId: null, evseId: 1, connectorId: 1, transactionRef: '7', idToken: 'T', state: 'active', startedAt: '2025-01-01T09:00:00.000Z',
    stoppedAt: null, durationS: 0, energyWh: 0, powerW: null, soc: null, meterStartWh: 0, meterStopWh: null, stopReason: null, lastSampleAt: null,
  };

  it('takes power, energy and SoC from its meter samples only', () => {
    const e = event('meter.sample', { powerW: 11_000, energyWh: 500, soc: 33, at: '2025-01-01T09:30:00.000Z' }, { sessionId: 7 });
    expect(applyToSession(session, e)).toMatchObject({ powerW: 11_000, energyWh: 500, soc: 33, lastSampleAt: '2025-01-01T09:30:00.000Z' });
    expect(applyToSession(session, { ...e, sessionId: 8 })).toBe(session);
  });

  it('takes the live progress of a running session, never an older one, and drops it at the stop', () => {
    const data = {
      sessionId: 7, asOf: '2025-01-01T09:30:00.000Z', powerW: 11_000, energyWh: 500, averagePowerW: 10_000, peakPowerW: 11_500, elapsedS: 1_800, chargingS: 1_700,
      idleS: 100, soc: 40, targetSoc: 80, energyRequestedWh: null, departureTime: null, eta: { toFull: '2025-01-01T12:00:00.000Z', toTarget: '2025-01-01T11:00:00.000Z', method: 'soc-slope' },
    };
    const withProgress = applyToSession(session, event('session.progress', data, { sessionId: 7 }));
    expect(withProgress.progress).toEqual({ ...data, sessionId: undefined });
    expect(withProgress.progress).not.toHaveProperty('sessionId');
    expect(applyToSession(withProgress, event('session.progress', { ...data, asOf: '2025-01-01T09:29:00.000Z', soc: 39 }, { sessionId: 7 }))).toBe(withProgress);
    expect(applyToSession(session, event('session.progress', { sessionId: 7 }, { sessionId: 7 }))).toBe(session);
    expect(applyToSession(withProgress, event('session.stopped', { stoppedAt: '2025-01-01T10:00:00.000Z' }, { sessionId: 7 })).progress).toBeNull();
  });

  it('completes on session.stopped with the duration', () => {
    const done = applyToSession(session, event('session.stopped', { stoppedAt: '2025-01-01T10:00:00.000Z', stopReason: 'Local', energyWh: 900 }, { sessionId: 7 }));
    expect(done).toMatchObject({ state: 'completed', stopReason: 'Local', energyWh: 900, durationS: 3600, powerW: null });
  });
});

describe('appendSamples', () => {
  it('appends power, register and SoC points in the series units, creating missing series', () => {
    const series = [{ measurand: 'Energy.Active.Import.Register', phase: null, unit: 'kWh', points: [[1_000, 10] as [number, number]], downsampled: false }];
    const next = appendSamples(series, event('meter.sample', { powerW: 7000, registerWh: 10_500, soc: 50, at: new Date(2_000).toISOString() }, { sessionId: 7 }), 7);
    expect(next.find((s) => s.measurand === 'Energy.Active.Import.Register')!.points).toEqual([[1_000, 10], [2_000, 10.5]]);
    expect(next.find((s) => s.measurand === 'Power.Active.Import')!.points).toEqual([[2_000, 7000]]);
    expect(next.find((s) => s.measurand === 'SoC')!.points).toEqual([[2_000, 50]]);
  });

  it('skips points that are not newer than the last one, and other sessions', () => {
    const series = [{ measurand: 'SoC', phase: null, unit: 'Percent', points: [[5_000, 40] as [number, number]], downsampled: false }];
    const old = event('meter.sample', { soc: 41, at: new Date(4_000).toISOString() }, { sessionId: 7 });
    expect(appendSamples(series, old, 7)[0]!.points).toHaveLength(1);
    expect(appendSamples(series, { ...old, sessionId: 9 }, 7)).toBe(series);
  });
});
