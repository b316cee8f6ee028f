import type { DomainEvent } from '../../bus/bus.js';
import type { LiveView } from '../live/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { IncidentSink, RuleSettingsProvider } from './alerts.js';

/** What a detection rule may use: where to report, its settings, the live state, and the time. */
export interface RuleContext {
  clock: Clock;
  sink: IncidentSink;
  settings: RuleSettingsProvider;
  /** The live view of stations, connectors and active sessions (read only). */
  live: Pick<LiveView, 'station' | 'stations' | 'activeSessions' | 'session' | 'site' | 'siteStats'>;
  /** The site of a station, if it has one. */
  siteOf(stationId: string): string | null;
  logger: Logger;
}

/**
 * One family of detection rules. The engine feeds it the bus events it asked for, in order, and calls
 * `sweep` every few seconds for conditions that are about time passing (nothing arrived for N minutes).
 * Evaluators keep only in-memory state; `start` rebuilds it (e.g. from the live view) after a restart.
 * They report through `ctx.sink` and must check `ctx.settings.settingsFor(key, site).enabled` themselves.
 */
export interface RuleEvaluator {
  /** The rule keys this evaluator raises (each must be in the rule catalog). */
  readonly ruleKeys: readonly string[];
  /** Bus event type prefixes it consumes (e.g. `connector.status`, `meter.`); empty for sweep-only rules. */
  readonly eventTypes: readonly string[];
  start?(): Promise<void>;
  onEvent?(event: DomainEvent): Promise<void> | void;
  sweep?(now: Date): Promise<void> | void;
}

/** Builds an evaluator over the shared context. */
export type RuleEvaluatorFactory = (ctx: RuleContext) => RuleEvaluator;
