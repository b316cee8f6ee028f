import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { LocalListView } from '../../http/api-types.js';
import { AppError, StationUnavailableError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import { withEvents } from '../shared/with-events.js';
import { diffLists, fitList, splitUpdate } from './list-diff.js';
import { applyEntries, countEntries, findListState, heldEntries, listEntriesFor, saveListState } from './local-lists-repository.js';
import type { AllowedTokens, ListState, ListUpdate, LocalListCommands } from './local-lists.js';
import { initialState, nextState, type SyncEvent } from './sync-state.js';

/** What one station's sync is made of. */
export interface ListSyncDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  commands: LocalListCommands;
  allowedTokens: AllowedTokens;
}

/** How a sync ended: the station's last answer (or UpToDate / Disabled), the messages sent, whether full. */
export interface SyncOutcome {
  status: 'Accepted' | 'Failed' | 'VersionMismatch' | 'NotSupported' | 'Disabled' | 'UpToDate';
  messages: number;
  full: boolean;
  state: ListState;
}

/** The API view of a stored state. */
export function listView(s: ListState, entries: number): LocalListView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    stationId: s.stationId, state: s.state, ourVersion: s.ourVersion, stationVersion: s.stationVersion, entries, dropped: s.dropped,
    maxEntries: s.maxEntries, perMessage: s.perMessage, error: s.error, failures: s.failures, fullNeeded: s.fullNeeded,
    nextAttemptAt: iso(s.nextAttemptAt), lastAttemptAt: iso(s.lastAttemptAt), lastSyncAt: iso(s.lastSyncAt), lastCheckAt: iso(s.lastCheckAt),
  };
}

/** The error text stored for a failed attempt. */
export function errorText(error: unknown): string {
  return error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
}

/** Sends one station its list and keeps the stored state in step with every answer. */
export class ListSync {
  constructor(private readonly deps: ListSyncDeps) {}

  /** The station's stored state (or the initial one). */
  async state(stationId: string): Promise<ListState> {
    return (await findListState(this.deps.db, stationId)) ?? initialState(stationId);
  }

  /** Moves the state by `event` and stores it, with its `local_list.updated` event; `update` is recorded in the same transaction. */
  async record(stationId: string, event: SyncEvent, patch: Partial<ListState> = {}, update?: ListUpdate): Promise<ListState> {
    const now = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const before = (await findListState(trx, stationId)) ?? initialState(stationId);
      const after = nextState({ ...before, ...patch }, event, now);
      if (update) await applyEntries(trx, stationId, update);
      await saveListState(trx, after, now);
      const view = listView(after, await countEntries(trx, stationId));
      const published: DomainEvent = { type: 'local_list.updated', at: now.toISOString(), stationId, data: { ...view } };
      return { result: after, events: [published] };
    });
  }

  /**
   * Brings the station's list up to date: reads its limits, computes the full list or the differential
   * against the entries last sent, and sends it in as many messages as the station takes. Failures are
   * recorded (and thrown, for the caller to report or retry).
   */
  async run(stationId: string, forceFull: boolean): Promise<SyncOutcome> {
    const { commands } = this.deps;
    if (!commands.isConnected(stationId)) {
      const error = new StationUnavailableError(stationId, 'offline');
      await this.record(stationId, { kind: 'error', message: errorText(error) });
      throw error;
    }
    let sent = 0;
    let full = forceFull;
    try {
      const limits = await commands.readLimits(stationId);
      const limitPatch = { maxEntries: limits.maxEntries, perMessage: limits.perMessage };
      if (limits.enabled === false) return { status: 'Disabled', messages: 0, full, state: await this.record(stationId, { kind: 'disabled' }, limitPatch) };
      const before = await this.state(stationId);
      full = forceFull || before.fullNeeded;
      const allowed = await this.deps.allowedTokens(stationId, this.deps.clock.now());
      const wanted = fitList(await listEntriesFor(this.deps.db, allowed), limits);
      const changes = full ? wanted.entries.map((entry) => ({ idToken: entry.idToken, type: entry.type, entry })) : diffLists(await heldEntries(this.deps.db, stationId), wanted.entries);
      const updates = full || changes.length > 0 ? splitUpdate(changes, { full, perMessage: limits.perMessage, fromVersion: before.ourVersion }) : [];
      for (const update of updates) {
        const { status } = await commands.sendLocalList(stationId, update);
        sent++;
        if (status === 'NotSupported') return { status, messages: sent, full, state: await this.record(stationId, { kind: 'not_supported' }, limitPatch) };
        if (status !== 'Accepted') return { status, messages: sent, full, state: await this.record(stationId, { kind: 'refused', status }, limitPatch) };
        await this.record(stationId, { kind: 'accepted', version: update.version, dropped: wanted.dropped }, limitPatch, update);
      }
      const state = await this.record(stationId, { kind: 'synced' }, { ...limitPatch, dropped: wanted.dropped });
      return { status: sent > 0 ? 'Accepted' : 'UpToDate', messages: sent, full, state };
    } catch (error) {
      await this.record(stationId, { kind: 'error', message: errorText(error) });
      throw error;
    }
  }

  /** Asks the station for its list version (GetLocalListVersion) and records it; a different one needs a full update. */
  async check(stationId: string): Promise<ListState> {
    if (!this.deps.commands.isConnected(stationId)) throw new StationUnavailableError(stationId, 'offline');
    const { version } = await this.deps.commands.getLocalListVersion(stationId);
    return this.record(stationId, { kind: 'checked', stationVersion: version });
  }
}
