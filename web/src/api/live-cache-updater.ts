/**
 * Folds batches of live events into the TanStack Query caches (setQueryData), so lists, details, charts
 * and the summary stay exact between fetches; what cannot be kept by difference is refetched, spaced out.
 */
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { appendSamples, applyToSession, applyToStation } from './live-apply.js';
import { applyIncidentEvents } from './incidents.js';
import { applyNotificationEvents } from './notifications.js';
import { keys } from './queries.js';
import { uptimeKeys } from './uptime.js';
import type { FleetSummaryView, LiveEvent, Page, PowerHistory, SampleSeries, SessionView, StationDetail, StationListItem } from './types.js';

/** Reconciling refetches after structural changes are spaced at least this far apart. */
const REFETCH_MS = 2_000;
/** Live points kept per station power chart. */
const MAX_LIVE_POINTS = 2_000;

type Pages<T> = InfiniteData<Page<T>, string | undefined>;

function mapPages<T>(data: Pages<T> | undefined, fn: (item: T) => T): Pages<T> | undefined {
  if (!data) return data;
  let changed = false;
  const pages = data.pages.map((page) => {
    let pageChanged = false;
    const items = page.items.map((item) => {
      const next = fn(item);
      if (next !== item) pageChanged = true;
      return next;
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/** Folds a batch of events into every cache that holds data they touch. */
export class LiveCacheUpdater {
  /** Last known power and energy per running session, to keep the summary's totals by difference. */
  private readonly sessionPower = new Map<number, number>();
  private readonly sessionEnergy = new Map<number, number>();
  private readonly refetchTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly client: QueryClient, private readonly now: () => number = Date.now) {}

  /** Applies one batch of events. */
  apply(events: LiveEvent[]): void {
    if (events.length === 0) return;
    const c = this.client;
    const stationIds = new Set(events.flatMap((e) => (e.stationId ? [e.stationId] : [])));
    const forStation = (id: string) => events.filter((e) => e.stationId === id);

    c.setQueriesData<Pages<StationListItem>>({ queryKey: keys.stationLists }, (data) =>
      mapPages(data, (s) => (stationIds.has(s.id) ? forStation(s.id).reduce(applyToStation, s) : s)));
    for (const id of stationIds) {
      const before = c.getQueryData<StationDetail>(keys.station(id));
      if (!before) continue;
      const after = forStation(id).reduce(applyToStation, before);
      if (after === before) continue;
      c.setQueryData(keys.station(id), after);
      if (after.powerW !== before.powerW || events.some((e) => e.stationId === id && e.type === 'meter.sample')) this.appendStationPower(id, after.powerW);
    }

    const sessionEvents = events.filter((e) => e.sessionId !== undefined);
    if (sessionEvents.length > 0) {
      const sessionIds = new Set(sessionEvents.map((e) => e.sessionId!));
      c.setQueriesData<Pages<SessionView>>({ queryKey: keys.sessionLists }, (data) =>
        mapPages(data, (s) => (sessionIds.has(s.id) ? sessionEvents.reduce(applyToSession, s) : s)));
      for (const id of sessionIds) {
        const view = c.getQueryData<SessionView>(keys.session(id));
        if (view) c.setQueryData(keys.session(id), sessionEvents.reduce(applyToSession, view));
        const series = c.getQueryData<SampleSeries[]>(keys.samples(id));
        if (series) c.setQueryData(keys.samples(id), sessionEvents.reduce((acc, e) => appendSamples(acc, e, id), series));
      }
    }

    this.updateSummary(events);
    this.scheduleRefetches(events);
    applyNotificationEvents(c, events);
    applyIncidentEvents(c, events);
  }

  private appendStationPower(id: string, powerW: number): void {
    const points = this.client.getQueryData<Array<[number, number]>>(keys.stationPower(id));
    if (!points) return;
    const next = [...points, [this.now(), powerW] as [number, number]];
    this.client.setQueryData(keys.stationPower(id), next.length > MAX_LIVE_POINTS ? next.slice(-MAX_LIVE_POINTS) : next);
  }

  private updateSummary(events: LiveEvent[]): void {
    let powerDelta = 0;
    let energyDelta = 0;
    let sessionsDelta = 0;
    for (const e of events) {
      if (e.sessionId === undefined) continue;
      if (e.type === 'meter.sample') {
        const power = typeof e.data.powerW === 'number' ? e.data.powerW : null;
        const energy = typeof e.data.energyWh === 'number' ? e.data.energyWh : null;
        // A session first seen here was already counted by the fetched summary: its first sample is only a baseline.
        if (power !== null) {
          const before = this.sessionPower.get(e.sessionId);
          if (before !== undefined) powerDelta += power - before;
          this.sessionPower.set(e.sessionId, power);
        }
        if (energy !== null) {
          const before = this.sessionEnergy.get(e.sessionId);
          if (before !== undefined && energy > before) energyDelta += energy - before;
          this.sessionEnergy.set(e.sessionId, energy);
        }
      } else if (e.type === 'session.started') {
        sessionsDelta++;
        this.sessionPower.set(e.sessionId, 0);
        this.sessionEnergy.set(e.sessionId, 0);
      } else if (e.type === 'session.stopped') {
        sessionsDelta--;
        powerDelta -= this.sessionPower.get(e.sessionId) ?? 0;
        this.sessionPower.delete(e.sessionId);
        this.sessionEnergy.delete(e.sessionId);
      }
    }
    if (powerDelta === 0 && energyDelta === 0 && sessionsDelta === 0) return;
    const summary = this.client.getQueryData<FleetSummaryView>(keys.summary);
    if (!summary) return;
    const next: FleetSummaryView = {
      ...summary,
      powerW: Math.max(0, summary.powerW + powerDelta),
      energyTodayWh: summary.energyTodayWh + energyDelta,
      activeSessions: Math.max(0, summary.activeSessions + sessionsDelta),
    };
    this.client.setQueryData(keys.summary, next);
    this.client.setQueriesData<PowerHistory>({ queryKey: ['summary', 'power'] }, (history) => history && withPowerPoint(history, this.now(), next.powerW));
  }

  /** Counts that cannot be kept by difference (statuses, online, sites) are refetched, at most every REFETCH_MS. */
  private scheduleRefetches(events: LiveEvent[]): void {
    const types = new Set(events.map((e) => e.type));
    const has = (...names: string[]) => names.some((n) => types.has(n));
    if (has('station.connected', 'station.disconnected', 'station.admission', 'connector.status', 'station.created', 'station.removed', 'session.started', 'session.stopped')) {
      this.refetchSoon(keys.summary);
      this.refetchSoon(keys.sites);
    }
    if (has('session.started', 'session.stopped')) this.refetchSoon(keys.sessionLists);
    // A site's power and sessions are sums over its stations, which events do not name: refetch open site views.
    if (has('meter.sample', 'session.started', 'session.stopped')) this.refetchSoon(['site']);
    if (has('station.created', 'station.removed')) this.refetchSoon(keys.stationLists);
    // A ticket event may move a ticket between lists (status, assignee): refetch the open lists and pages.
    if (has('ticket.created', 'ticket.updated', 'ticket.noted')) {
      this.refetchSoon(['tickets']);
      this.refetchSoon(['ticket']);
    }
    // Tokens changed elsewhere (another operator, an import): refetch open token lists, and drivers' token counts.
    if (has('token.added', 'token.updated', 'token.status', 'token.removed')) {
      this.refetchSoon(['id-tokens']);
      this.refetchSoon(['drivers']);
    }
    // A window scheduled, started, ended or deleted by someone else (or the scheduler) moves the station's list of
    // windows; an ended one may uncover a port another window still holds, which only the server's detail knows.
    for (const e of events) {
      if (!e.type.startsWith('maintenance.') || !e.stationId) continue;
      this.refetchSoon(uptimeKeys.maintenance(e.stationId));
      if (e.type === 'maintenance.ended') this.refetchSoon(keys.station(e.stationId));
    }
  }

  private refetchSoon(queryKey: readonly unknown[]): void {
    const id = JSON.stringify(queryKey);
    if (this.refetchTimers.has(id)) return;
    this.refetchTimers.set(id, setTimeout(() => {
      this.refetchTimers.delete(id);
      void this.client.invalidateQueries({ queryKey });
    }, REFETCH_MS));
  }

  /** Stops pending refetches. */
  dispose(): void {
    for (const timer of this.refetchTimers.values()) clearTimeout(timer);
    this.refetchTimers.clear();
  }
}

/** Puts the current fleet power into the minute it falls in (the history is one point per minute). */
export function withPowerPoint(history: PowerHistory, nowMs: number, powerW: number): PowerHistory {
  const minute = Math.floor(nowMs / 60_000) * 60_000;
  const points = history.points;
  const last = points[points.length - 1];
  if (last && last[0] === minute) return { points: [...points.slice(0, -1), [minute, powerW]] };
  if (last && last[0] > minute) return history;
  return { points: [...points.slice(points.length > 0 && points[0]![0] < minute - 24 * 3_600_000 ? 1 : 0), [minute, powerW]] };
}
