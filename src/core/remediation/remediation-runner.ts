import type { DomainEvent } from '../../bus/bus.js';
import { INCIDENT_EVENTS, type IncidentSummary } from '../alerts/index.js';
import { REMEDIATION_ACTOR } from '../maintenance/index.js';
import { endRun, failInterruptedSteps, insertRun, runningRuns, unfollowedOpenIncidents, type RunRecord } from './remediation-repository.js';
import type { RemediationService } from './remediation-service.js';
import { REMEDIATION_SYSTEM, type RemediationRunnerDeps, type StepActor } from './remediation.js';

const SYSTEM_ACTOR: StepActor = { name: REMEDIATION_SYSTEM, automatic: true, ticketActor: REMEDIATION_ACTOR };

/** Whether a change of the incident ends its ladder: resolved, or acknowledged by a person. */
function endsLadder(incident: IncidentSummary): string | undefined {
  if (incident.state === 'resolved') return 'resolved';
  if (incident.state === 'acknowledged' && incident.acknowledgedBy !== null && !incident.acknowledgedBy.startsWith('system')) return 'acknowledged';
  return undefined;
}

/**
 * Runs each open incident's remediation ladder: follows `incident.*` events (a new incident with an enabled
 * ladder starts one; resolving or a person's acknowledgement stops it) and, on a timer, takes each step once
 * its `afterS` since the incident opened has passed, in order, one step per incident per sweep. What was
 * started and taken is stored, so a restart continues where it was without repeating or skipping a step.
 */
export class RemediationRunner {
  private readonly runs = new Map<number, RunRecord>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  /** Event handling in arrival order, so a stop never overtakes the start it follows. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RemediationRunnerDeps, private readonly steps: RemediationService) {}

  /** Loads the running ladders (dropping those whose incident ended while down), subscribes, starts the timer. */
  async start(): Promise<void> {
    const interrupted = await failInterruptedSteps(this.deps.db);
    if (interrupted > 0) this.deps.logger.warn({ steps: interrupted }, 'remediation steps interrupted by a restart are recorded as failed');
    for (const run of await runningRuns(this.deps.db)) this.runs.set(run.incidentId, run);
    this.unsubscribe = this.deps.bus.subscribe((event) => this.enqueue(event), INCIDENT_EVENTS);
    // Incidents opened while no runner listened (the process was down) get their ladder now, timed from their opening.
    for (const id of await unfollowedOpenIncidents(this.deps.db)) {
      const incident = await this.deps.incidents.get(id).catch(() => undefined);
      if (incident) this.enqueue({ type: 'incident.opened', at: incident.firstSeenAt, stationId: incident.stationId ?? undefined, data: { incident, change: 'opened' } });
    }
    for (const run of [...this.runs.values()]) {
      const incident = await this.deps.incidents.get(run.incidentId).catch(() => undefined);
      const reason = incident ? endsLadder(incident) : 'incident gone';
      if (reason) await this.end(run.incidentId, 'stopped', reason);
    }
    const interval = this.deps.sweepIntervalMs ?? 5_000;
    this.timer = setInterval(() => {
      this.sweep().catch((error: Error) => this.deps.logger.error({ err: error.message }, 'remediation sweep failed'));
    }, interval);
    this.timer.unref();
  }

  /** Stops the timer and the subscription, and waits for work under way. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
    await this.sweeping;
  }

  /** Waits until the events received so far are handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Incidents whose ladder is running. */
  running(): number[] {
    return [...this.runs.keys()];
  }

  /** Takes every step that is due now (at most one per incident); concurrent calls share one sweep. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private enqueue(event: DomainEvent): void {
    this.queue = this.queue.then(() => this.onEvent(event)).catch((error: Error) => {
      this.deps.logger.error({ type: event.type, err: error.message }, 'remediation event handling failed');
    });
  }

  private async onEvent(event: DomainEvent): Promise<void> {
    const incident = (event.data as { incident?: IncidentSummary }).incident;
    if (!incident) return;
    const reason = endsLadder(incident);
    if (reason) {
      if (this.runs.has(incident.id)) await this.end(incident.id, 'stopped', reason);
      return;
    }
    if (event.type !== 'incident.opened' || !incident.stationId || this.runs.has(incident.id)) return;
    const ladder = this.deps.rules.settingsFor(incident.ruleKey, incident.siteId).remediation;
    if (!ladder.enabled || ladder.steps.length === 0) return;
    const run: RunRecord = {
      incidentId: incident.id, ruleKey: incident.ruleKey, stationId: incident.stationId, evseId: incident.evseId, connectorId: incident.connectorId,
      siteId: incident.siteId, openedAtMs: Date.parse(incident.firstSeenAt), nextIndex: 0,
    };
    if (await insertRun(this.deps.db, run, this.deps.clock.now())) this.runs.set(run.incidentId, run);
  }

  private async sweepOnce(): Promise<void> {
    await this.queue;
    const nowMs = this.deps.clock.nowMs();
    for (const run of [...this.runs.values()]) {
      try {
        await this.advance(run, nowMs);
      } catch (error) {
        this.deps.logger.error({ incidentId: run.incidentId, err: (error as Error).message }, 'remediation step failed');
      }
    }
  }

  private async advance(run: RunRecord, nowMs: number): Promise<void> {
    const settings = this.deps.rules.settingsFor(run.ruleKey, run.siteId);
    const ladder = settings.remediation;
    // A ladder switched off while the incident is open waits; switched on again, it continues where it was.
    if (!ladder.enabled) return;
    const step = ladder.steps[run.nextIndex];
    if (!step) {
      await this.end(run.incidentId, 'finished', 'every step taken');
      return;
    }
    if (nowMs < run.openedAtMs + step.afterS * 1000) return;
    const incident = await this.deps.incidents.get(run.incidentId);
    const reason = endsLadder(incident);
    if (reason) {
      await this.end(run.incidentId, 'stopped', reason);
      return;
    }
    await this.steps.run(incident, step.action, SYSTEM_ACTOR, run.nextIndex, settings.remediationAllowed);
    // Taken now or by an earlier process (already claimed): either way the ladder moves on.
    run.nextIndex += 1;
  }

  private async end(incidentId: number, state: 'stopped' | 'finished', reason: string): Promise<void> {
    this.runs.delete(incidentId);
    await endRun(this.deps.db, incidentId, state, reason, this.deps.clock.now());
  }
}
