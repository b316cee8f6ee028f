import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { LocalListCheckResult, LocalListSyncResult, LocalListView } from '../../http/api-types.js';
import { NotFoundError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { errorText, listView, ListSync, type SyncOutcome } from './list-sync.js';
import { acceptedTokens, countEntries, listRetries, stationExists } from './local-lists-repository.js';
import type { AllowedTokens, LocalListCommands } from './local-lists.js';
import { skipsAutomatic } from './sync-state.js';

/** Events after which the lists may need to change (the differential tells whether they do). */
const CHANGES = ['token.', 'access_rule.', 'driver.'];

/** What the local list service is built from. */
export interface LocalListServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  commands: LocalListCommands;
  /** The tokens a station may accept (access rules); every accepted, unexpired token by default. */
  allowedTokens?: AllowedTokens;
  /** Whether the station is accepted; a Pending one is sent nothing on our own (OCPP 2.0.1 B02.FR.02). */
  accepted?(stationId: string): boolean;
  settings?: {
    /** Token changes are gathered this long before the differentials go out (default 5 s). */
    batchMs?: number;
    /** Wait after a station connects or boots before asking its list version (default 2 s). */
    settleMs?: number;
  };
}

/**
 * Keeps stations' local authorization lists in step with the tokens: token changes (`token.*`) are
 * gathered for a short window and sent as differentials to the online stations; a station that connects
 * or boots is asked its list version and gets a full update when it differs; failures are retried with
 * back-off. One sync per station runs at a time.
 */
export class LocalListService {
  private readonly sync: ListSync;
  private readonly online = new Set<string>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly queued = new Set<string>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  /** A token lost its access in the current batch: stations without a usable list get their cache cleared. */
  private revoked = false;
  private readonly clearPending = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: LocalListServiceDeps) {
    this.sync = new ListSync({ ...deps, allowedTokens: deps.allowedTokens ?? ((_id, at) => acceptedTokens(deps.db, at)) });
  }

  /** Follows token and station events and re-arms the stored retries. */
  async start(): Promise<void> {
    // Token changes and access rule changes (who may charge where) both change what a list should hold.
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e), [...CHANGES, 'station.connected', 'station.booted', 'station.disconnected']);
    for (const { stationId, at } of await listRetries(this.deps.db)) this.schedule(stationId, at.getTime() - this.deps.clock.nowMs(), 'sync');
  }

  /** Stops following events and waits for the syncs under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  /** Resolves once no sync is running or queued. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.allSettled([...this.chains.values()]);
  }

  /** A station's list: versions (ours and the station's), state, entries, last sync and error. */
  async view(stationId: string): Promise<LocalListView> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
    return listView(await this.sync.state(stationId), await countEntries(this.deps.db, stationId));
  }

  /** Sends the station its list now (a differential, or full when asked or needed) and returns its answer. */
  async syncNow(stationId: string, full = false): Promise<LocalListSyncResult> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
    const outcome = await this.enqueue(stationId, () => this.sync.run(stationId, full)).catch((error: unknown) => {
      this.failed(stationId, error);
      throw error;
    });
    this.afterOutcome(stationId, outcome);
    return { status: outcome.status, messages: outcome.messages, full: outcome.full, view: await this.view(stationId) };
  }

  /** Asks the station its list version (GetLocalListVersion); a different one is answered with a full update. */
  async check(stationId: string): Promise<LocalListCheckResult> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
    const state = await this.enqueue(stationId, () => this.sync.check(stationId));
    if (state.fullNeeded && !skipsAutomatic(state)) this.requestSync(stationId);
    return { stationVersion: state.stationVersion, ourVersion: state.ourVersion, inSync: state.stationVersion === state.ourVersion, view: await this.view(stationId) };
  }

  private onEvent(event: DomainEvent): void {
    if (this.stopped) return;
    const id = event.stationId;
    if (event.type === 'token.authorization') return;
    if (CHANGES.some((prefix) => event.type.startsWith(prefix))) {
      const status = (event.data as { status?: unknown }).status;
      if (event.type === 'token.removed' || (event.type.startsWith('token.') && status !== undefined && status !== 'accepted')) this.revoked = true;
      this.batchTimer ??= setTimeout(() => this.flushBatch(), this.deps.settings?.batchMs ?? 5_000);
    } else if (id && event.type === 'station.disconnected') {
      if ((event.data as { replaced?: boolean }).replaced !== true) this.online.delete(id);
    } else if (id && (event.type === 'station.connected' || (event.type === 'station.booted' && (event.data as { admission?: string }).admission === 'accepted'))) {
      this.online.add(id);
      this.schedule(id, this.deps.settings?.settleMs ?? 2_000, 'check');
    }
  }

  private flushBatch(): void {
    this.batchTimer = undefined;
    const revoked = this.revoked;
    this.revoked = false;
    for (const id of this.online) this.requestSync(id, revoked);
  }

  /** Runs `work` after whatever runs for the station. */
  private enqueue<T>(stationId: string, work: () => Promise<T>): Promise<T> {
    const run = (this.chains.get(stationId) ?? Promise.resolve()).catch(() => undefined).then(work);
    this.chains.set(stationId, run);
    const cleanup = () => {
      if (this.chains.get(stationId) === run) this.chains.delete(stationId);
    };
    run.then(cleanup, cleanup);
    return run;
  }

  /**
   * An automatic sync: skipped for stations without a (switched on) local list, whose authorization cache
   * is cleared instead when a token lost its access (else it could still let the token in offline).
   * One waits at most per station.
   */
  private requestSync(stationId: string, revoked = false): void {
    if (this.stopped || !this.ready(stationId)) return;
    if (revoked) this.clearPending.add(stationId);
    if (this.queued.has(stationId)) return;
    this.queued.add(stationId);
    this.enqueue(stationId, async () => {
      this.queued.delete(stationId);
      const state = await this.sync.state(stationId);
      if (!this.ready(stationId)) return;
      const clear = this.clearPending.delete(stationId);
      if (skipsAutomatic(state)) {
        if (clear) await this.clearCache(stationId);
        return;
      }
      this.afterOutcome(stationId, await this.sync.run(stationId, false));
    }).catch((error: unknown) => this.failed(stationId, error));
  }

  /** After connect or boot: the station's version decides between a full update and a differential. */
  private checkAndSync(stationId: string): void {
    if (!this.ready(stationId)) return;
    this.enqueue(stationId, async () => {
      const state = await this.sync.state(stationId);
      if (skipsAutomatic(state)) return;
      await this.sync.check(stationId).catch(async (error: unknown) => {
        await this.sync.record(stationId, { kind: 'error', message: errorText(error) });
        throw error;
      });
    }).then(() => this.requestSync(stationId), (error: unknown) => this.failed(stationId, error));
  }

  /** Connected here and accepted: automatic updates may go to it. */
  private ready(stationId: string): boolean {
    return this.deps.commands.isConnected(stationId) && (this.deps.accepted?.(stationId) ?? true);
  }

  private async clearCache(stationId: string): Promise<void> {
    const status = await this.deps.commands.clearCache(stationId);
    this.deps.logger.info({ stationId, status }, 'authorization cache cleared after a token lost its access');
  }

  private afterOutcome(stationId: string, outcome: SyncOutcome): void {
    const next = outcome.state.nextAttemptAt;
    if (next) this.schedule(stationId, next.getTime() - this.deps.clock.nowMs(), 'sync');
  }

  private failed(stationId: string, error: unknown): void {
    this.deps.logger.warn({ stationId, err: errorText(error) }, 'local list sync failed');
    this.sync.state(stationId).then((s) => {
      if (s.nextAttemptAt) this.schedule(stationId, s.nextAttemptAt.getTime() - this.deps.clock.nowMs(), 'sync');
    }, () => undefined);
  }

  /** One timer per station: a later request replaces an earlier one. */
  private schedule(stationId: string, delayMs: number, what: 'sync' | 'check'): void {
    if (this.stopped) return;
    const previous = this.timers.get(stationId);
    if (previous) clearTimeout(previous);
    const timer = setTimeout(() => {
      this.timers.delete(stationId);
      if (what === 'check') this.checkAndSync(stationId);
      else this.requestSync(stationId);
    }, Math.max(0, delayMs));
    timer.unref();
    this.timers.set(stationId, timer);
  }
}
