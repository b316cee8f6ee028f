import { describe, expect, it } from 'vitest';
import type { ListState } from './local-lists.js';
import { initialState, nextState, retryDelayMs, skipsAutomatic, type SyncEvent } from './sync-state.js';

const now = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const base = (more: Partial<ListState> = {}): ListState => ({ ...initialState('S1'), ...more });

describe('the sync state machine', () => {
  it.each<{ name: string; from: Partial<ListState>; event: SyncEvent; to: Partial<ListState> }>([
    { name: 'a new station waits for its first, full update', from: {}, event: { kind: 'changed' }, to: { state: 'pending', fullNeeded: true, ourVersion: 0 } },
    { name: 'token changes make an in-sync station pending', from: { state: 'in_sync', fullNeeded: false }, event: { kind: 'changed' }, to: { state: 'pending', fullNeeded: false } },
    { name: 'changes leave a station without local list alone', from: { state: 'not_supported' }, event: { kind: 'changed' }, to: { state: 'not_supported' } },
    { name: 'an accepted message moves both versions', from: { ourVersion: 3 }, event: { kind: 'accepted', version: 4, dropped: 2 }, to: { ourVersion: 4, stationVersion: 4, fullNeeded: false, dropped: 2, state: 'pending' } },
    { name: 'a finished update is in sync and forgets failures', from: { state: 'failed', failures: 3, error: 'x', nextAttemptAt: at(1) }, event: { kind: 'synced' }, to: { state: 'in_sync', failures: 0, error: null, nextAttemptAt: null, lastSyncAt: now } },
    { name: 'Failed: retried in 30 s with a full update', from: { state: 'pending', fullNeeded: false }, event: { kind: 'refused', status: 'Failed' }, to: { state: 'failed', fullNeeded: true, failures: 1, nextAttemptAt: at(30_000), error: 'station answered Failed' } },
    { name: 'VersionMismatch: the same', from: { fullNeeded: false }, event: { kind: 'refused', status: 'VersionMismatch' }, to: { state: 'failed', fullNeeded: true, error: 'station answered VersionMismatch' } },
    { name: 'a third failure in a row waits 2 minutes', from: { state: 'failed', failures: 2 }, event: { kind: 'error', message: 'station_timeout: no answer' }, to: { failures: 3, nextAttemptAt: at(120_000), error: 'station_timeout: no answer' } },
    { name: 'an error keeps a differential a differential', from: { fullNeeded: false }, event: { kind: 'error', message: 'offline' }, to: { fullNeeded: false, state: 'failed' } },
    { name: 'NotSupported is recorded and not retried', from: { state: 'failed', failures: 2, nextAttemptAt: at(5) }, event: { kind: 'not_supported' }, to: { state: 'not_supported', nextAttemptAt: null, failures: 0 } },
    { name: 'a switched-off list is recorded and not retried', from: {}, event: { kind: 'disabled' }, to: { state: 'disabled', nextAttemptAt: null } },
    { name: 'the station reports our version: nothing changes', from: { state: 'in_sync', ourVersion: 5, fullNeeded: false }, event: { kind: 'checked', stationVersion: 5 }, to: { state: 'in_sync', stationVersion: 5, fullNeeded: false, lastCheckAt: now } },
    { name: 'the station reports another version: a full update is due', from: { state: 'in_sync', ourVersion: 5, fullNeeded: false }, event: { kind: 'checked', stationVersion: 0 }, to: { state: 'pending', stationVersion: 0, fullNeeded: true } },
    { name: 'a failed station keeps its retry when the version differs', from: { state: 'failed', ourVersion: 5, nextAttemptAt: at(9) }, event: { kind: 'checked', stationVersion: 2 }, to: { state: 'failed', fullNeeded: true, nextAttemptAt: at(9) } },
    { name: 'no version (1.6 -1): not supported', from: { state: 'pending' }, event: { kind: 'checked', stationVersion: null }, to: { state: 'not_supported', stationVersion: null } },
    { name: 'a station that now answers a version can be synced again', from: { state: 'not_supported' }, event: { kind: 'checked', stationVersion: 0 }, to: { state: 'pending', stationVersion: 0 } },
  ])('$name', ({ from, event, to }) => {
    expect(nextState(base(from), event, now)).toMatchObject(to);
  });

  it('backs off doubling from 30 s to at most 30 minutes', () => {
    expect([1, 2, 3, 4, 6, 7, 20].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 960_000, 1_800_000, 1_800_000]);
  });

  it('automatic pushes skip only stations without a usable list', () => {
    expect((['in_sync', 'pending', 'failed', 'not_supported', 'disabled'] as const).map((state) => skipsAutomatic(base({ state })))).toEqual([false, false, false, true, true]);
  });
});
