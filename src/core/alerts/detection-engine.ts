import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { nextTurn } from '../shared/yield-budget.js';
import type { IncidentSink, RuleSettingsProvider } from './alerts.js';
import type { RuleContext, RuleEvaluator, RuleEvaluatorFactory } from './rule-evaluator.js';

/** What the DetectionEngine is built from. */
export interface DetectionEngineDeps {
  bus: Bus;
  clock: Clock;
  logger: Logger;
  sink: IncidentSink;
  settings: RuleSettingsProvider;
  live: RuleContext['live'];
  /** The evaluators to run (src/core/alerts/rules RULE_EVALUATORS in the server; tests pass their own). */
  evaluators: readonly RuleEvaluatorFactory[];
  /** Moves persisting incidents up a severity step; run after the evaluators on every sweep. */
  escalate?(now: Date): Promise<unknown>;
  /** How often the sweep runs (default 5 s); 0 disables the timer (tests call `sweep`). */
  sweepIntervalMs?: number;
}

/** One evaluator with the events waiting for it while an earlier event's async handling runs. */
interface Slot {
  evaluator: RuleEvaluator;
  name: string;
  busy: boolean;
  waiting: DomainEvent[];
  /** Resolves when `waiting` is drained (only while busy). */
  drained?: Promise<void>;
  done?: () => void;
}

/**
 * Hosts the detection rules: feeds each evaluator the bus events it asked for, in order, one at a time
 * (a synchronous handler runs at once; an async one holds the events behind it), and calls every evaluator's
 * `sweep(now)` every few seconds, then the escalation. A rule's failure is logged; it never stops the others.
 * Sweeps share the event loop with the stations' sockets: the engine yields between evaluators and each
 * evaluator between its items (`yieldEvery`), so no sweep holds the loop for more than a few milliseconds.
 */
export class DetectionEngine {
  private slots: Slot[] = [];
  /** The slots that follow each event type, worked out once per type (a meter sample comes thousands of times a second). */
  private readonly routes = new Map<string, Slot[]>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: DetectionEngineDeps) {}

  /** Builds the evaluators, lets each rebuild its state, then follows the bus and starts the sweep timer. */
  async start(): Promise<void> {
    const { live } = this.deps;
    const ctx: RuleContext = {
      clock: this.deps.clock, sink: this.deps.sink, settings: this.deps.settings, live, logger: this.deps.logger,
      siteOf: (stationId) => live.station(stationId)?.siteId ?? null,
    };
    this.slots = this.deps.evaluators.map((factory) => {
      const evaluator = factory(ctx);
      return { evaluator, name: evaluator.ruleKeys.join(','), busy: false, waiting: [] };
    });
    this.routes.clear();
    for (const slot of this.slots) {
      try {
        await slot.evaluator.start?.();
      } catch (error) {
        this.deps.logger.error({ rules: slot.name, err: (error as Error).message }, 'detection rule failed to start');
      }
    }
    const prefixes = [...new Set(this.slots.flatMap((s) => (s.evaluator.onEvent ? s.evaluator.eventTypes : [])))];
    if (prefixes.length > 0) this.unsubscribe = this.deps.bus.subscribe((event) => this.dispatch(event), prefixes);
    const every = this.deps.sweepIntervalMs ?? 5_000;
    if (every > 0) {
      this.timer = setInterval(() => {
        // A sweep that outlasts the interval is not overlapped by the next one.
        if (!this.sweeping) this.sweeping = this.sweep(this.deps.clock.now()).finally(() => (this.sweeping = undefined));
      }, every);
      this.timer.unref();
    }
  }

  /** Stops following the bus and the timer, and waits for the work under way. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.timer);
    await this.sweeping;
    await this.idle();
  }

  /**
   * Runs every evaluator's sweep, then the escalation, at `now`. The event loop gets a turn before each
   * evaluator (whose own loops yield as they go), so a sweep never holds the sockets' reads for long.
   */
  async sweep(now: Date): Promise<void> {
    for (const slot of this.slots) {
      if (!slot.evaluator.sweep) continue;
      await nextTurn();
      try {
        await slot.evaluator.sweep(now);
      } catch (error) {
        this.deps.logger.error({ rules: slot.name, err: (error as Error).message }, 'detection rule sweep failed');
      }
    }
    try {
      await this.deps.escalate?.(now);
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message }, 'incident escalation failed');
    }
  }

  /** Resolves when every event delivered so far has been handled by every evaluator. */
  async idle(): Promise<void> {
    for (const slot of this.slots) await slot.drained;
  }

  private dispatch(event: DomainEvent): void {
    let route = this.routes.get(event.type);
    if (!route) {
      const type = event.type;
      route = this.slots.filter((slot) => slot.evaluator.onEvent && slot.evaluator.eventTypes.some((p) => type.startsWith(p)));
      this.routes.set(type, route);
    }
    for (const slot of route) {
      if (slot.busy) slot.waiting.push(event);
      else this.deliver(slot, event);
    }
  }

  private deliver(slot: Slot, event: DomainEvent): void {
    let pending: Promise<void> | void;
    try {
      pending = slot.evaluator.onEvent!(event);
    } catch (error) {
      this.failed(slot, event, error);
      return;
    }
    if (!pending) return;
    slot.busy = true;
    slot.drained ??= new Promise<void>((resolve) => (slot.done = resolve));
    void pending.then(() => this.next(slot), (error: unknown) => {
      this.failed(slot, event, error);
      this.next(slot);
    });
  }

  private next(slot: Slot): void {
    slot.busy = false;
    while (!slot.busy && slot.waiting.length > 0) this.deliver(slot, slot.waiting.shift()!);
    if (!slot.busy) {
      slot.done?.();
      slot.drained = undefined;
      slot.done = undefined;
    }
  }

  private failed(slot: Slot, event: DomainEvent, error: unknown): void {
    this.deps.logger.error({ rules: slot.name, eventType: event.type, stationId: event.stationId, err: (error as Error).message }, 'detection rule failed on an event');
  }
}
