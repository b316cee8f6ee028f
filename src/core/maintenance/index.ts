/** Maintenance tickets: work for technicians on stations, from incidents or by hand. */
export { TicketService } from './tickets-service.js';
export { REMEDIATION_ACTOR, TICKET_PRIORITIES, TICKET_STATUSES, PRIORITY_OF_SEVERITY } from './maintenance.js';
export type * from './maintenance.js';
