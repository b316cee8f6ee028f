import type { CommandRequest } from '../../http/api-types.js';
import type { IncidentSummary } from '../alerts/index.js';
import { ForbiddenError } from '../accounts/index.js';
import { AppError, ConflictError } from '../shared/app-error.js';
import { claimStep, countResets, finishStep } from './remediation-repository.js';
import { RESET_ACTIONS, type GuardRefusal, type RemediationAction, type RemediationDeps, type StepActor, type StepResult } from './remediation.js';

const DAY_MS = 86_400_000;
const LABEL: Record<RemediationAction, string> = { trigger_status: 'Status request', soft_reset: 'Soft reset', hard_reset: 'Hard reset', ticket: 'Maintenance ticket' };

/** The answer word recorded for a command that did not get a CALLRESULT. */
function failureAnswer(error: unknown): string {
  if (!(error instanceof AppError)) return 'error';
  if (error.code === 'station_offline' || error.code === 'station_closed') return 'offline';
  if (error.code === 'station_timeout') return 'timeout';
  const code = error.details?.errorCode;
  return typeof code === 'string' ? `error: ${code}` : `error: ${error.code}`;
}

/**
 * Takes one remediation step on an incident, automatic or by hand: checks the guards (running session,
 * daily reset limit, maintenance window, the site's switch for automatic steps), sends the command through
 * the command service (so the command log says who sent it), and records the outcome with the station's
 * answer in the steps table and on the incident's timeline.
 */
export class RemediationService {
  constructor(private readonly deps: RemediationDeps) {}

  /** Runs `action` on the incident's station by hand; ForbiddenError when a technician tries to force. */
  async runByHand(incidentId: number, action: RemediationAction, actor: StepActor): Promise<StepResult> {
    if (actor.force && actor.ticketActor.role !== 'admin' && actor.ticketActor.role !== 'operator') throw new ForbiddenError('only operators and admins may force a step past the daily reset limit');
    const incident = await this.deps.incidents.get(incidentId);
    if (incident.state === 'resolved') throw new ConflictError(`incident ${incidentId} is resolved`, { incidentId });
    // Steps by hand have no ladder index, so they are never "already claimed".
    return (await this.run(incident, action, actor, null, true))!;
  }

  /**
   * Takes one step. `stepIndex` is the ladder step (claimed once, so a restart never repeats it); null by
   * hand. `remediationAllowed` is the site's switch, which stops automatic steps only. Returns undefined when
   * the ladder step was already claimed.
   */
  async run(incident: IncidentSummary, action: RemediationAction, actor: StepActor, stepIndex: number | null, remediationAllowed: boolean): Promise<StepResult | undefined> {
    const stationId = incident.stationId;
    if (!stationId) {
      const result: StepResult = { action, outcome: 'skipped', answer: null, guard: 'no_station', message: `${LABEL[action]} skipped: the incident is not about a station`, ticketId: null };
      await this.record(incident.id, actor, result, stepIndex);
      return result;
    }
    const now = this.deps.clock.now();
    const claimed = await claimStep(this.deps.db, { incidentId: incident.id, stepIndex, action, stationId, actor: actor.name, forced: actor.force === true, at: now });
    if (claimed === undefined) return undefined;
    let result: StepResult;
    try {
      const refusal = await this.guard(incident, stationId, action, actor, remediationAllowed, now);
      result = refusal
        ? { action, outcome: 'skipped', answer: null, guard: refusal.guard, message: `${LABEL[action]} skipped: ${refusal.message}`, ticketId: null }
        : await this.perform(incident, stationId, action, actor);
    } catch (error) {
      result = { action, outcome: 'failed', answer: failureAnswer(error), guard: null, message: `${LABEL[action]} failed: ${(error as Error).message}`, ticketId: null };
    }
    await finishStep(this.deps.db, claimed, { outcome: result.outcome, answer: result.answer, guard: result.guard });
    await this.record(incident.id, actor, result, stepIndex);
    return result;
  }

  private async guard(incident: IncidentSummary, stationId: string, action: RemediationAction, actor: StepActor, remediationAllowed: boolean, now: Date): Promise<GuardRefusal | undefined> {
    if (actor.automatic && !remediationAllowed) return { guard: 'site_disabled', message: 'automatic remediation is switched off for this site' };
    // A reset reboots the whole station, so a window on any of its ports stops it; other steps look at the incident's port.
    const port = RESET_ACTIONS.has(action) ? null : incident.evseId || null;
    // A person may still open a ticket for a station under maintenance; the ladder does not.
    const window = actor.automatic || action !== 'ticket' ? await this.deps.maintenance.activeFor(stationId, port, now) : null;
    if (window) return { guard: 'maintenance_window', message: `the station is in a maintenance window (${window.reason}${window.endsAt ? ` until ${window.endsAt}` : ''})` };
    if (!RESET_ACTIONS.has(action)) return undefined;
    for (const session of this.deps.live.activeSessions()) {
      if (session.stationId === stationId) return { guard: 'active_session', message: `session ${session.id} is running on port ${session.evseId}` };
    }
    if (actor.force) return undefined;
    const max = this.deps.settings.maxResetsPerDay;
    const resets = await countResets(this.deps.db, stationId, new Date(now.getTime() - DAY_MS));
    if (resets >= max) return { guard: 'daily_limit', message: `the station had ${resets} reset(s) in the last 24 hours (limit ${max})` };
    return undefined;
  }

  private async perform(incident: IncidentSummary, stationId: string, action: RemediationAction, actor: StepActor): Promise<StepResult> {
    if (action === 'ticket') {
      if (incident.ticketId !== null) return { action, outcome: 'skipped', answer: null, guard: 'has_ticket', message: `${LABEL[action]} skipped: the incident already has ticket #${incident.ticketId}`, ticketId: incident.ticketId };
      try {
        const ticket = await this.deps.tickets.createFromIncident(incident.id, {}, actor.ticketActor);
        return { action, outcome: 'done', answer: null, guard: null, message: `${LABEL[action]} #${ticket.id} opened`, ticketId: ticket.id };
      } catch (error) {
        const ticketId = error instanceof ConflictError ? error.details?.ticketId : undefined;
        if (typeof ticketId === 'number') return { action, outcome: 'skipped', answer: null, guard: 'has_ticket', message: `${LABEL[action]} skipped: the incident already has ticket #${ticketId}`, ticketId };
        throw error;
      }
    }
    const request: CommandRequest = action === 'trigger_status'
      // A connector incident asks for that EVSE's status (1.6 connector N is EVSE N); otherwise every connector's.
      ? { command: 'trigger', message: 'StatusNotification', ...(incident.evseId ? { evseId: incident.evseId, ...(incident.connectorId !== null ? { connectorId: incident.connectorId } : {}) } : {}) }
      : { command: 'reset', kind: action === 'soft_reset' ? 'soft' : 'hard' };
    const answer = await this.deps.commands.run(stationId, request, actor.name);
    return { action, outcome: 'done', answer: answer.status, guard: null, message: `${LABEL[action]}: the station answered ${answer.status}`, ticketId: null };
  }

  private async record(incidentId: number, actor: StepActor, result: StepResult, stepIndex: number | null): Promise<void> {
    const how = actor.automatic ? 'Automatic' : `By ${actor.name}`;
    try {
      await this.deps.incidents.record(incidentId, {
        kind: 'remediation', actor: actor.name, message: `${how}: ${result.message}`,
        data: { action: result.action, outcome: result.outcome, answer: result.answer, guard: result.guard, ticketId: result.ticketId, step: stepIndex, automatic: actor.automatic, forced: actor.force === true },
      });
    } catch (error) {
      // The step was taken and is in the steps table: a failed timeline write must not repeat it.
      this.deps.logger.error({ incidentId, action: result.action, err: (error as Error).message }, 'remediation timeline write failed');
    }
  }
}
