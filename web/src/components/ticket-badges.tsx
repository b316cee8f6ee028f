/** Coloured words for a ticket's status and priority. */
import type { TicketPriority, TicketStatus } from '../api/types.js';

const STATUS_TONE: Record<TicketStatus, string> = { open: 'warn', in_progress: 'charging', resolved: 'ok', closed: 'neutral', cancelled: 'off' };
const PRIORITY_TONE: Record<TicketPriority, string> = { low: 'neutral', normal: 'info', high: 'warn', urgent: 'fault' };

/** Ticket statuses as people read them. */
export const STATUS_LABEL: Record<TicketStatus, string> = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved', closed: 'Closed', cancelled: 'Cancelled' };

/** A ticket's status. */
export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <span className={`badge tone-${STATUS_TONE[status]}`} data-ticket-status={status}>{STATUS_LABEL[status]}</span>;
}

/** A ticket's priority. */
export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <span className={`badge tone-${PRIORITY_TONE[priority]}`}>{priority.charAt(0).toUpperCase() + priority.slice(1)}</span>;
}
