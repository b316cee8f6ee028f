import type { DomainEvent } from '../../bus/bus.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import {
  deleteScheduledWindow, dueWindows, findWindow, insertWindow, listWindows, portExists, setWindowState, windowsAt,
} from './maintenance-repository.js';
import type { MaintenanceWindow, UptimeDeps } from './uptime.js';

/** A new window: from `startsAt` (absent or past: now) to `endsAt` (null: until ended). */
export interface MaintenanceInput {
  stationId: string;
  /** The port (EVSE id; 1.6 connector N); null or absent: the whole station. */
  evseId?: number | null;
  startsAt?: Date;
  endsAt?: Date | null;
  reason: string;
  note?: string | null;
  by: string;
}

/** Bus events of maintenance windows; `started`/`ended` are what the live view and remediation follow. */
export const MAINTENANCE_EVENTS = ['maintenance.scheduled', 'maintenance.started', 'maintenance.ended', 'maintenance.deleted'] as const;

/**
 * Maintenance mode: windows during which a station or a port is out of service on purpose. Their time is
 * excluded from uptime as scheduled maintenance, the live view shows the port in maintenance, and automatic
 * remediation leaves it alone. Windows start and end at their times by a timer reading the clock (`tick`).
 */
export class MaintenanceWindows {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();

  constructor(private readonly deps: UptimeDeps & { tickIntervalMs?: number }) {}

  /** Catches up with windows due while the process was down, then checks every few seconds. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => {
      this.tick().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'maintenance window tick failed'));
    }, this.deps.tickIntervalMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Starts the scheduled windows whose time has come and ends those whose end has passed (one tick at a time). */
  tick(): Promise<void> {
    this.ticking = this.ticking.catch(() => undefined).then(() => this.runTick());
    return this.ticking;
  }

  /** The window a port (or, with `connectorId` null, any part of the station) is in at `at`; a station-wide one covers every port. */
  async activeFor(stationId: string, connectorId: number | null, at: Date): Promise<{ id: number; endsAt: string | null; reason: string } | null> {
    const [w] = await windowsAt(this.deps.db, stationId, connectorId, at);
    return w ? { id: w.id, endsAt: w.endsAt, reason: w.reason } : null;
  }

  /** Opens a window: now (maintenance mode) when `startsAt` is absent or past, else scheduled for later. */
  async create(input: MaintenanceInput): Promise<MaintenanceWindow> {
    const now = this.deps.clock.now();
    const evseId = input.evseId ?? null;
    const startsAt = input.startsAt && input.startsAt.getTime() > now.getTime() ? input.startsAt : now;
    const endsAt = input.endsAt ?? null;
    if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw new ValidationError('a maintenance window ends after it starts', { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() });
    const reason = input.reason.trim();
    if (reason.length === 0) throw new ValidationError('a maintenance window needs a reason');
    const exists = await portExists(this.deps.db, input.stationId, evseId);
    if (!exists.station) throw new NotFoundError('station', input.stationId);
    if (!exists.port) throw new NotFoundError('port', `${input.stationId}/${evseId}`);
    const startsNow = startsAt === now;
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const created = await insertWindow(trx, { stationId: input.stationId, evseId, startsAt, endsAt, reason, note: input.note ?? null, createdBy: input.by, at: now });
      if (!startsNow) return { result: created, events: [this.event('maintenance.scheduled', created)] };
      const active = (await setWindowState(trx, created.id, ['scheduled'], { state: 'active' }))!;
      return { result: active, events: [this.event('maintenance.started', active)] };
    });
  }

  /** Ends an active window now. */
  async end(id: number, by: string): Promise<MaintenanceWindow> {
    const w = await this.get(id);
    if (w.state !== 'active') throw new ConflictError(w.state === 'scheduled' ? 'the window has not started; delete it instead' : 'the window has already ended', { id, state: w.state });
    const ended = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const ended = await setWindowState(trx, id, ['active'], { state: 'ended', endsAt: this.deps.clock.now(), endedBy: by });
      return { result: ended, events: ended ? [this.event('maintenance.ended', ended)] : [] };
    });
    if (!ended) throw new ConflictError('the window has already ended', { id });
    return ended;
  }

  /** Deletes a window that has not started. */
  async remove(id: number): Promise<void> {
    const w = await this.get(id);
    const removed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const removed = await deleteScheduledWindow(trx, id);
      return { result: removed, events: removed ? [this.event('maintenance.deleted', w)] : [] };
    });
    if (!removed) throw new ConflictError('only a window that has not started can be deleted; end it instead', { id, state: w.state });
  }

  /** One window; NotFoundError if unknown. */
  async get(id: number): Promise<MaintenanceWindow> {
    const w = await findWindow(this.deps.db, id);
    if (!w) throw new NotFoundError('maintenance window', id);
    return w;
  }

  /** Windows, newest first: of a station, and only those not over yet when `open`. */
  list(filter: { stationId?: string; open?: boolean; limit?: number }): Promise<MaintenanceWindow[]> {
    return listWindows(this.deps.db, { ...filter, limit: filter.limit ?? 200 });
  }

  private async runTick(): Promise<void> {
    const now = this.deps.clock.now();
    const { starting, ending } = await dueWindows(this.deps.db, now);
    for (const w of starting) {
      // A window whose end also passed (the process was down through it) starts and ends in the same tick.
      const over = w.endsAt !== null && Date.parse(w.endsAt) <= now.getTime();
      await withEvents(this.deps.db, this.deps.bus, async (trx) => {
        const started = await setWindowState(trx, w.id, ['scheduled'], { state: over ? 'ended' : 'active' });
        if (!started) return { result: undefined, events: [] };
        return { result: undefined, events: over ? [this.event('maintenance.started', started), this.event('maintenance.ended', started)] : [this.event('maintenance.started', started)] };
      });
    }
    for (const w of ending.filter((x) => x.state === 'active')) {
      await withEvents(this.deps.db, this.deps.bus, async (trx) => {
        const ended = await setWindowState(trx, w.id, ['active'], { state: 'ended' });
        return { result: undefined, events: ended ? [this.event('maintenance.ended', ended)] : [] };
      });
    }
  }

  private event(type: (typeof MAINTENANCE_EVENTS)[number], w: MaintenanceWindow): DomainEvent {
    return {
      type, at: this.deps.clock.now().toISOString(), stationId: w.stationId,
      data: { windowId: w.id, evseId: w.evseId, reason: w.reason, note: w.note, startsAt: w.startsAt, endsAt: w.endsAt, state: w.state },
    };
  }
}
