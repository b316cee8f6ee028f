import type { RuleSettings, Subject } from '../alerts.js';
import type { RuleContext } from '../rule-evaluator.js';

/** Reads an event's data field as a finite number, or null. */
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** Reads an event's data field as a string, or null. */
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A numeric parameter of a rule's settings, or `fallback` when an operator stored something else. */
export function param(settings: RuleSettings, name: string, fallback: number): number {
  const v = settings.params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** The settings of `key` for the site a station belongs to (network settings when it has none). */
export function stationSettings(ctx: RuleContext, key: string, stationId: string): RuleSettings {
  return ctx.settings.settingsFor(key, ctx.siteOf(stationId));
}

/**
 * A cache of what a sweep works out from a site's settings (the settings themselves, thresholds in ms), so
 * that a sweep over thousands of items looks each site up once. Build one per sweep: settings edited while a
 * sweep runs apply from the next one.
 */
export function bySite<T>(derive: (siteId: string | null) => T): (siteId: string | null) => T {
  const known = new Map<string | null, T>();
  return (siteId) => {
    let v = known.get(siteId);
    if (v === undefined) known.set(siteId, (v = derive(siteId)));
    return v;
  };
}

/** A station subject, with its site for filtering. */
export function stationSubject(ctx: RuleContext, stationId: string): Subject {
  const siteId = ctx.siteOf(stationId);
  return siteId ? { type: 'station', stationId, siteId } : { type: 'station', stationId };
}

/** A connector subject, with its site for filtering. */
export function connectorSubject(ctx: RuleContext, stationId: string, evseId: number, connectorId: number): Subject {
  const siteId = ctx.siteOf(stationId);
  return { type: 'connector', stationId, evseId, connectorId, ...(siteId ? { siteId } : {}) };
}

/** A session subject (with its station and connector, so the incident lists under them). */
export function sessionSubject(ctx: RuleContext, s: { id: number; stationId: string; evseId: number; connectorId: number }): Subject {
  const siteId = ctx.siteOf(s.stationId);
  return { type: 'session', sessionId: s.id, stationId: s.stationId, evseId: s.evseId, connectorId: s.connectorId, ...(siteId ? { siteId } : {}) };
}

/** How an operator reads a connector: "Connector 2" for 1.6 and single-connector EVSEs, "EVSE 1 connector 2" otherwise. */
export function connectorLabel(evseId: number, connectorId: number): string {
  return connectorId <= 1 ? `Connector ${evseId}` : `EVSE ${evseId} connector ${connectorId}`;
}

/** The key of a connector in evaluators' maps. */
export const connectorKey = (stationId: string, evseId: number, connectorId: number): string => `${stationId}|${evseId}|${connectorId}`;

/** Minutes as milliseconds. */
export const minutes = (m: number): number => m * 60_000;

/**
 * Times of recent occurrences per key (failed authorizations, boots, swings), trimmed to a window so
 * that memory stays bounded by what happened lately.
 */
export class RecentTimes {
  private readonly times = new Map<string, number[]>();

  /** Records an occurrence and returns how many fall within `windowMs` before `atMs` (this one included). */
  add(key: string, atMs: number, windowMs: number): number {
    let list = this.times.get(key);
    if (!list) this.times.set(key, (list = []));
    list.push(atMs);
    return this.count(key, atMs, windowMs);
  }

  /** How many occurrences fall within `windowMs` before `nowMs`; forgets older ones (and the key when none is left). */
  count(key: string, nowMs: number, windowMs: number): number {
    const list = this.times.get(key);
    if (!list) return 0;
    let drop = 0;
    while (drop < list.length && list[drop]! <= nowMs - windowMs) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.times.delete(key);
    return list.length;
  }

  keys(): string[] {
    return [...this.times.keys()];
  }

  delete(key: string): void {
    this.times.delete(key);
  }
}
