import type { ListState } from './local-lists.js';

/** Retry back-off: 30 s doubling per consecutive failure, at most 30 minutes. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 30 * 60_000;

/** The wait before retry number `failures` (1 = the first retry). */
export function retryDelayMs(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
}

/** What happened to a station's list; each moves the sync state machine one step. */
export type SyncEvent =
  /** Tokens changed, or the station came online: an update is due. */
  | { kind: 'changed' }
  /** One message of an update was accepted: the station now has `version`. */
  | { kind: 'accepted'; version: number; dropped: number }
  /** The whole update went through (or nothing needed sending). */
  | { kind: 'synced' }
  /** The station refused an update (Failed, VersionMismatch): the next one is full. */
  | { kind: 'refused'; status: string }
  /** The station does not support local lists (NotSupported, version -1): recorded, not retried. */
  | { kind: 'not_supported' }
  /** The station has its local list switched off: skipped until someone syncs by hand. */
  | { kind: 'disabled' }
  /** Offline, timeout, CALLERROR: retried with back-off. */
  | { kind: 'error'; message: string }
  /** GetLocalListVersion answered; a version other than ours needs a full update. */
  | { kind: 'checked'; stationVersion: number | null };

/** The initial state of a station never synced. */
export function initialState(stationId: string): ListState {
  return {
    stationId, ourVersion: 0, stationVersion: null, state: 'pending', error: null, fullNeeded: true, dropped: 0, maxEntries: null, perMessage: null,
    failures: 0, nextAttemptAt: null, lastAttemptAt: null, lastSyncAt: null, lastCheckAt: null,
  };
}

/** The state after `event` at `now` (pure: the table tests drive it directly). */
export function nextState(s: ListState, event: SyncEvent, now: Date): ListState {
  const failed = (error: string, fullNeeded: boolean): ListState => {
    const failures = s.failures + 1;
    return { ...s, state: 'failed', error, fullNeeded, failures, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + retryDelayMs(failures)) };
  };
  switch (event.kind) {
    case 'changed':
      return s.state === 'in_sync' ? { ...s, state: 'pending' } : s;
    case 'accepted':
      return { ...s, ourVersion: event.version, stationVersion: event.version, fullNeeded: false, dropped: event.dropped, lastAttemptAt: now };
    case 'synced':
      return { ...s, state: 'in_sync', error: null, failures: 0, nextAttemptAt: null, lastAttemptAt: now, lastSyncAt: now };
    case 'refused':
      return failed(`station answered ${event.status}`, true);
    case 'not_supported':
      return { ...s, state: 'not_supported', error: 'the station does not support local authorization lists', failures: 0, nextAttemptAt: null, lastAttemptAt: now };
    case 'disabled':
      return { ...s, state: 'disabled', error: 'the station has its local authorization list switched off', failures: 0, nextAttemptAt: null, lastAttemptAt: now };
    case 'error':
      return failed(event.message, s.fullNeeded);
    case 'checked': {
      if (event.stationVersion === null) return nextState({ ...s, stationVersion: null, lastCheckAt: now }, { kind: 'not_supported' }, now);
      const differs = event.stationVersion !== s.ourVersion;
      const state = differs && s.state !== 'failed' ? 'pending' : s.state === 'not_supported' ? 'pending' : s.state;
      return { ...s, stationVersion: event.stationVersion, lastCheckAt: now, fullNeeded: s.fullNeeded || differs, state };
    }
  }
}

/** Whether automatic pushes leave the station alone (only a sync by hand tries again). */
export function skipsAutomatic(s: ListState): boolean {
  return s.state === 'not_supported' || s.state === 'disabled';
}
