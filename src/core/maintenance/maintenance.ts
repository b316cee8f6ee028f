import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Role, TicketPriority, TicketStatus } from '../../http/api-types.js';
import type { IncidentTimeline, Severity } from '../alerts/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export type { TicketDetail, TicketNoteView, TicketPriority, TicketQuery, TicketStatus, TicketUpdate, TicketView } from '../../http/api-types.js';

/** Every ticket status, in lifecycle order. */
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'in_progress', 'resolved', 'closed', 'cancelled'];
/** Every priority, least urgent first. */
export const TICKET_PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** Where each status may go next; closed and cancelled are final. */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  open: ['in_progress', 'resolved', 'closed', 'cancelled'],
  in_progress: ['open', 'resolved', 'closed', 'cancelled'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  cancelled: [],
};

/** A ticket's priority from its incident's severity. */
export const PRIORITY_OF_SEVERITY: Readonly<Record<Severity, TicketPriority>> = { info: 'low', warning: 'normal', critical: 'high' };

/** Who acts on tickets: a user (id, name, role), or the system (remediation) with an admin's rights. */
export interface TicketActor {
  id: string;
  name: string;
  role: Role;
  /** True for an API token or the system: no user of its own, so it has no "own queue". */
  machine?: boolean;
}

/** The remediation ladder's identity when it opens a ticket. */
export const REMEDIATION_ACTOR: TicketActor = { id: 'system:remediation', name: 'system:remediation', role: 'admin', machine: true };

/** A new ticket for a station, by hand or from an incident. */
export interface NewTicket {
  stationId: string;
  connectorId?: number | null;
  incidentId?: number | null;
  title: string;
  description?: string;
  priority?: TicketPriority;
  assigneeId?: string | null;
}

/** What the ticket service is built from. */
export interface TicketServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  /** The incident store (links a ticket to its incident and reads incidents to make tickets from). */
  incidents: IncidentTimeline;
}
