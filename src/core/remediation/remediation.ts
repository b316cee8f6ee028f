import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { CommandRequest, CommandResult, RemediationAction, RemediationGuard, RemediationResult } from '../../http/api-types.js';
import type { IncidentTimeline, RuleSettingsProvider } from '../alerts/index.js';
import type { LiveView } from '../live/index.js';
import type { TicketActor, TicketView } from '../maintenance/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type { RemediationAction, RemediationGuard, RemediationResult } from '../../http/api-types.js';

/** Who automatic steps are sent by (command log) and recorded as (incident timeline). */
export const REMEDIATION_SYSTEM = 'system:remediation';


/** Actions that reboot the station: guarded by running sessions and the daily limit. */
export const RESET_ACTIONS: ReadonlySet<RemediationAction> = new Set(['soft_reset', 'hard_reset']);

/** A maintenance window in force (slice of the uptime feature's MaintenanceWindows). */
export interface ActiveMaintenanceWindow {
  id: number;
  endsAt: string | null;
  reason: string;
}

/** Tells whether a station or connector is in a maintenance window at a time. */
export interface MaintenanceWindowLookup {
  activeFor(stationId: string, connectorId: number | null, at: Date): Promise<ActiveMaintenanceWindow | null>;
}

/** Who runs a step: the ladder, or a person by hand (who may force past the daily limit). */
export interface StepActor {
  /** Timeline actor, command log "sent by" and ticket creator: the user's name, or REMEDIATION_SYSTEM. */
  name: string;
  automatic: boolean;
  /** The ticket service's view of the actor. */
  ticketActor: TicketActor;
  force?: boolean;
}

/** Settings of remediation. */
export interface RemediationSettings {
  /** Resets (soft or hard, automatic or by hand) a station may get in 24 hours. */
  maxResetsPerDay: number;
}

/** What the step executor is built from (narrow views of other features). */
export interface RemediationDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  incidents: IncidentTimeline;
  /** Sends commands and records them in the command log with who sent them. */
  commands: { run(stationId: string, request: CommandRequest, sentBy: string): Promise<CommandResult> };
  live: Pick<LiveView, 'activeSessions'>;
  maintenance: MaintenanceWindowLookup;
  tickets: { createFromIncident(incidentId: number, input: Record<string, never>, actor: TicketActor): Promise<TicketView> };
  settings: RemediationSettings;
}

/** What the ladder runner needs beyond the executor: the bus, the rules' settings, and how often to look. */
export interface RemediationRunnerDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  incidents: IncidentTimeline;
  rules: RuleSettingsProvider;
  /** Milliseconds between sweeps of the running ladders (default 5,000). */
  sweepIntervalMs?: number;
}

/** A refused step: which guard and why, in words for the timeline. */
export interface GuardRefusal {
  guard: RemediationGuard;
  message: string;
}

/** A result of one step. */
export type StepResult = RemediationResult;
