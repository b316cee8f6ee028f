import type { Updateable } from 'kysely';
import type { DomainEvent } from '../../bus/bus.js';
import type { TicketsTable } from '../../db/schema.js';
import { ForbiddenError } from '../accounts/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { pageLimit } from '../shared/pagination.js';
import { withEvents } from '../shared/with-events.js';
import type { Page } from '../../http/api-types.js';
import {
  PRIORITY_OF_SEVERITY, TICKET_STATUSES, TICKET_TRANSITIONS,
  type NewTicket, type TicketActor, type TicketDetail, type TicketNoteView, type TicketQuery, type TicketServiceDeps, type TicketStatus, type TicketUpdate, type TicketView,
} from './maintenance.js';
import {
  findAssignee, findTicket, insertNote, insertTicket, listNotes, lockTicket, queryTickets, stationExists, ticketOfIncident, updateTicket,
} from './tickets-repository.js';

const FINAL: ReadonlySet<TicketStatus> = new Set(['closed', 'cancelled']);
const MANAGERS = new Set(['admin', 'operator']);

/** Whether the actor may manage every ticket (admins, operators, the system). */
function manages(actor: TicketActor): boolean {
  return MANAGERS.has(actor.role);
}

/**
 * Maintenance tickets: work for technicians on a station, made by hand or from an incident (and linked to it).
 * Operators and admins manage every ticket; a technician works the tickets assigned to them or not yet
 * assigned: takes them, moves their status, adds notes. Every change is a `ticket.*` event through the outbox.
 */
export class TicketService {
  constructor(private readonly deps: TicketServiceDeps) {}

  /** One ticket with its notes; NotFoundError if unknown. */
  async get(id: number): Promise<TicketDetail> {
    const ticket = await this.find(id);
    return { ...ticket, notes: await listNotes(this.deps.db, id) };
  }

  /** A page of tickets, most urgent first, then newest; `mine` is the actor's own queue. */
  async list(q: TicketQuery, actor: TicketActor): Promise<Page<TicketView>> {
    const statuses = q.status === undefined || q.status === '' ? undefined : q.status.split(',').map((s) => s.trim());
    for (const s of statuses ?? []) if (!TICKET_STATUSES.includes(s as TicketStatus)) throw new ValidationError(`unknown ticket status ${s}`, { status: s });
    if (q.mine && actor.machine) throw new ValidationError('mine=true needs a signed-in user (an API token has no queue of its own)');
    let after: { rank: number; id: number } | undefined;
    if (q.cursor !== undefined) {
      const m = /^(\d):(\d{1,18})$/.exec(q.cursor);
      if (!m) throw new ValidationError('invalid cursor', { cursor: q.cursor });
      after = { rank: Number(m[1]), id: Number(m[2]) };
    }
    const limit = pageLimit(q.limit, 50);
    const { rows, total } = await queryTickets(this.deps.db, {
      statuses: statuses as TicketStatus[] | undefined, assigneeId: q.mine ? actor.id : q.assigneeId, stationId: q.stationId, incidentId: q.incidentId, after, limit,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(({ rank: _rank, ...t }) => t), total, nextCursor: rows.length > limit && last ? `${last.rank}:${last.id}` : null };
  }

  /** Opens a ticket for a station (by hand, or from an incident through `createFromIncident`). */
  async create(input: NewTicket, actor: TicketActor): Promise<TicketView> {
    const title = input.title.trim();
    if (title.length === 0 || title.length > 200) throw new ValidationError('a ticket title is 1 to 200 characters', { title: input.title });
    if (!(await stationExists(this.deps.db, input.stationId))) throw new NotFoundError('station', input.stationId);
    if (input.assigneeId) await this.checkAssignee(input.assigneeId, actor);
    const at = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const ticket = await insertTicket(trx, {
        incident_id: input.incidentId ?? null, station_id: input.stationId, connector_id: input.connectorId ?? null, title,
        description: input.description ?? '', priority: input.priority ?? 'normal', assignee_id: input.assigneeId ?? null,
        created_by: actor.name, created_at: at, updated_at: at,
      });
      return { result: ticket, events: [this.event('ticket.created', ticket, 'created', actor)] };
    });
  }

  /**
   * Opens a ticket from an incident (its station, connector, title, details and severity) and links it on
   * the incident's timeline. One ticket per incident: ConflictError when it already has one.
   */
  async createFromIncident(incidentId: number, input: Partial<Pick<NewTicket, 'title' | 'description' | 'priority' | 'assigneeId'>>, actor: TicketActor): Promise<TicketView> {
    const incident = await this.deps.incidents.get(incidentId);
    const existing = incident.ticketId ?? (await ticketOfIncident(this.deps.db, incidentId))?.id;
    if (existing !== undefined && existing !== null) throw new ConflictError(`incident ${incidentId} already has ticket ${existing}`, { ticketId: existing });
    if (!incident.stationId) throw new ValidationError(`incident ${incidentId} is not about a station; open a ticket by hand`, { incidentId });
    const facts = Object.entries(incident.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    const description = input.description ?? [
      `Incident #${incident.id} (${incident.ruleKey}), ${incident.severity}, first seen ${incident.firstSeenAt}, last seen ${incident.lastSeenAt}, ${incident.occurrences} occurrence(s).`,
      ...facts,
    ].join('\n');
    const ticket = await this.create({
      stationId: incident.stationId, connectorId: incident.connectorId, incidentId, title: input.title ?? incident.title, description,
      priority: input.priority ?? PRIORITY_OF_SEVERITY[incident.severity], assigneeId: input.assigneeId,
    }, actor);
    await this.deps.incidents.linkTicket(incidentId, ticket.id, actor.name);
    return ticket;
  }

  /** Changes a ticket's status, assignee, priority or text; technicians only move and take their own or unassigned tickets. */
  async update(id: number, patch: TicketUpdate, actor: TicketActor): Promise<TicketView> {
    if (patch.assigneeId) await this.checkAssignee(patch.assigneeId, actor);
    if (patch.title !== undefined && (patch.title.trim().length === 0 || patch.title.length > 200)) throw new ValidationError('a ticket title is 1 to 200 characters', { title: patch.title });
    const at = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const ticket = await lockTicket(trx, id);
      if (!ticket) throw new NotFoundError('ticket', id);
      this.checkMayWork(ticket, actor);
      if (!manages(actor)) {
        if (patch.priority !== undefined || patch.title !== undefined || patch.description !== undefined) throw new ForbiddenError('technicians change a ticket\'s status and assignee; operators edit the rest');
        if (patch.status === 'cancelled') throw new ForbiddenError('only operators and admins cancel tickets');
      }
      const set: Updateable<TicketsTable> = { updated_at: at };
      const changes: string[] = [];
      if (patch.status !== undefined && patch.status !== ticket.status) {
        if (!TICKET_TRANSITIONS[ticket.status].includes(patch.status)) throw new ConflictError(`a ${ticket.status} ticket cannot become ${patch.status}`, { from: ticket.status, to: patch.status });
        set.status = patch.status;
        set.closed_at = FINAL.has(patch.status) ? at : null;
        changes.push('status');
      } else if (FINAL.has(ticket.status) && Object.keys(patch).length > 0) {
        throw new ConflictError(`ticket ${id} is ${ticket.status}`, { status: ticket.status });
      }
      if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assigneeId) {
        set.assignee_id = patch.assigneeId;
        changes.push('assignee');
      }
      if (patch.priority !== undefined && patch.priority !== ticket.priority) {
        set.priority = patch.priority;
        changes.push('priority');
      }
      if (patch.title !== undefined && patch.title.trim() !== ticket.title) {
        set.title = patch.title.trim();
        changes.push('title');
      }
      if (patch.description !== undefined && patch.description !== ticket.description) {
        set.description = patch.description;
        changes.push('description');
      }
      if (changes.length === 0) return { result: ticket, events: [] };
      const updated = (await updateTicket(trx, id, set))!;
      return { result: updated, events: [this.event('ticket.updated', updated, changes.join(','), actor)] };
    });
  }

  /** Adds a note; technicians note the tickets they may work. */
  async addNote(id: number, text: string, actor: TicketActor): Promise<TicketNoteView> {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > 10_000) throw new ValidationError('a note is 1 to 10,000 characters');
    const at = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const ticket = await lockTicket(trx, id);
      if (!ticket) throw new NotFoundError('ticket', id);
      this.checkMayWork(ticket, actor);
      const note = await insertNote(trx, { ticket_id: String(id), author_id: actor.id, author_name: actor.name, text: trimmed, created_at: at });
      const updated = (await updateTicket(trx, id, { updated_at: at }))!;
      return { result: note, events: [this.event('ticket.noted', updated, 'note', actor)] };
    });
  }

  private async find(id: number): Promise<TicketView> {
    const ticket = await findTicket(this.deps.db, id);
    if (!ticket) throw new NotFoundError('ticket', id);
    return ticket;
  }

  /** Managers may work any ticket; a technician only theirs or an unassigned one. */
  private checkMayWork(ticket: TicketView, actor: TicketActor): void {
    if (manages(actor)) return;
    if (ticket.assigneeId !== null && ticket.assigneeId !== actor.id) throw new ForbiddenError(`ticket ${ticket.id} is assigned to someone else`);
  }

  private async checkAssignee(userId: string, actor: TicketActor): Promise<void> {
    if (!manages(actor) && userId !== actor.id) throw new ForbiddenError('technicians may only assign tickets to themselves');
    if (!(await findAssignee(this.deps.db, userId))) throw new ValidationError(`user ${userId} is not an enabled technician, operator or admin`, { assigneeId: userId });
  }

  private event(type: string, ticket: TicketView, change: string, actor: TicketActor): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), stationId: ticket.stationId, data: { ticket, change, actor: actor.name } };
  }
}
