import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { LiveCacheUpdater, withPowerPoint } from './live-cache-updater.js';
import { keys } from './queries.js';
import type { FleetSummaryView, LiveEvent } from './types.js';

const summary: FleetSummaryView = {
  stations: 2, online: 2, offline: 0, pending: 0, onlinePercent: 100, connectorsByStatus: { Charging: 1 }, chargingNow: 1, activeSessions: 1,
  powerW: 5000, energyTodayWh: 1000, attention: [],
};
const sample = (sessionId: number, powerW: number, energyWh: number): LiveEvent => ({ type: 'meter.sample', at: new Date().toISOString(), stationId: 'S1', sessionId, data: { sessionId, evseId: 1, connectorId: 1, powerW, energyWh } });

describe('LiveCacheUpdater summary', () => {
  it('keeps fleet power and energy by difference, without counting an already running session twice', () => {
    const client = new QueryClient();
    client.setQueryData(keys.summary, summary);
    const updater = new LiveCacheUpdater(client, () => 0);
    // Session 1 was running when the summary was fetched: its first sample is only a baseline.
    updater.apply([sample(1, 5000, 300)]);
    expect(client.getQueryData<FleetSummaryView>(keys.summary)).toMatchObject({ powerW: 5000, energyTodayWh: 1000 });
    updater.apply([sample(1, 6000, 350)]);
    expect(client.getQueryData<FleetSummaryView>(keys.summary)).toMatchObject({ powerW: 6000, energyTodayWh: 1050 });
    // A session that starts afterwards adds itself from zero.
    updater.apply([{ type: 'session.started', at: '', stationId: 'S2', sessionId: 2, data: { evseId: 1, connectorId: 1 } }, sample(2, 3000, 10)]);
    expect(client.getQueryData<FleetSummaryView>(keys.summary)).toMatchObject({ powerW: 9000, energyTodayWh: 1060, activeSessions: 2 });
    updater.apply([{ type: 'session.stopped', at: '', stationId: 'S2', sessionId: 2, data: {} }]);
    expect(client.getQueryData<FleetSummaryView>(keys.summary)).toMatchObject({ powerW: 6000, activeSessions: 1 });
    updater.dispose();
  });
});

describe('withPowerPoint', () => {
  it('replaces the current minute, or adds the next one', () => {
    const history = { points: [[60_000, 100], [120_000, 200]] as Array<[number, number]> };
    expect(withPowerPoint(history, 130_000, 250).points).toEqual([[60_000, 100], [120_000, 250]]);
    expect(withPowerPoint(history, 185_000, 300).points).toEqual([[60_000, 100], [120_000, 200], [180_000, 300]]);
    expect(withPowerPoint(history, 70_000, 1)).toBe(history);
  });
});
