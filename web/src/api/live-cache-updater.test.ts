import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { LiveCacheUpdater, withPowerPoint } from './live-cache-updater.js';
import { keys } from './queries.js';
import type { FleetSummaryView, LiveEvent, MaintenanceWindowView, StationDetail } from './types.js';
import { uptimeKeys } from './uptime.js';

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

describe('LiveCacheUpdater maintenance', () => {
  it('badges the station detail at once and refetches its windows (and, at an end, its detail) when others change them', async () => {
    vi.useFakeTimers();
    try {
      const client = new QueryClient();
      const detail = { id: 'S1', connectors: [{ evseId: 1, connectorId: 1, status: 'Available', maintenance: null }] } as unknown as StationDetail;
      client.setQueryData(keys.station('S1'), detail);
      client.setQueryData<MaintenanceWindowView[]>(uptimeKeys.maintenance('S1'), []);
      client.setQueryData<MaintenanceWindowView[]>(uptimeKeys.maintenance('S2'), []);
      const fetched: string[] = [];
      // Observed queries are the ones a page shows: those are fetched again when invalidated.
      const unsubscribe = [uptimeKeys.maintenance('S1'), uptimeKeys.maintenance('S2'), keys.station('S1')].map((queryKey) =>
        new QueryObserver<unknown>(client, { queryKey, staleTime: Infinity, queryFn: () => (fetched.push(queryKey.join(':')), client.getQueryData(queryKey)) }).subscribe(() => undefined));
      const updater = new LiveCacheUpdater(client, () => 0);
      const data = { windowId: 3, evseId: null, reason: 'Transformer', note: null, startsAt: '2026-01-01T00:00:00.000Z', endsAt: null, state: 'active' };
      updater.apply([{ type: 'maintenance.started', at: '', stationId: 'S1', data }]);
      expect(client.getQueryData<StationDetail>(keys.station('S1'))!.connectors[0]!.maintenance).toEqual({ windowId: 3, reason: 'Transformer', endsAt: null });
      await vi.advanceTimersByTimeAsync(5_000);
      expect(fetched).toEqual(['maintenance:S1']);
      updater.apply([{ type: 'maintenance.ended', at: '', stationId: 'S1', data: { ...data, state: 'ended' } }]);
      expect(client.getQueryData<StationDetail>(keys.station('S1'))!.connectors[0]!.maintenance).toBeNull();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(fetched.sort()).toEqual(['maintenance:S1', 'maintenance:S1', 'station:S1']);
      // A window scheduled on another station (by another user) shows in that station's list.
      updater.apply([{ type: 'maintenance.scheduled', at: '', stationId: 'S2', data: { ...data, windowId: 4, state: 'scheduled' } }]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(fetched.filter((k) => k.endsWith('S2'))).toEqual(['maintenance:S2']);
      updater.dispose();
      for (const u of unsubscribe) u();
    } finally {
      vi.useRealTimers();
    }
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
