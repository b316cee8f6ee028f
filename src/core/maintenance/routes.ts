import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncidentTicketRequest, Page, TicketDetail, TicketNoteView, TicketQuery, TicketRequest, TicketUpdate, TicketView } from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { COMMAND_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, ok, page, pageQuery } from '../../http/schemas.js';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketActor } from './maintenance.js';
import type { TicketService } from './tickets-service.js';

const numericId = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991 } } } as const;
const userId = { type: ['string', 'null'], maxLength: 36 } as const;
const priority = { type: 'string', enum: TICKET_PRIORITIES } as const;
const text = { title: { type: 'string', minLength: 1, maxLength: 200 }, description: { type: 'string', maxLength: 10_000 } } as const;

/** The caller as the ticket service sees them. */
export function ticketActor(request: FastifyRequest): TicketActor {
  const p = principalOf(request);
  return { id: p.id, name: p.name, role: p.role, machine: p.kind === 'token' };
}

/** Maintenance tickets: lists (a technician's own queue), details with notes, changes, notes, and tickets from incidents. */
export function registerTicketRoutes(fastify: FastifyInstance, deps: { tickets: TicketService }): void {
  const { tickets } = deps;

  fastify.get<{ Querystring: TicketQuery }>('/api/tickets', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['tickets'], summary: 'Tickets, most urgent first, then newest',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', maxLength: 100, description: `comma-separated: ${TICKET_STATUSES.join(', ')}` }, assigneeId: { type: 'string', maxLength: 36 },
          stationId: { type: 'string', maxLength: 100 }, incidentId: { type: 'integer', minimum: 1 }, mine: { type: 'boolean', description: "the caller's own queue" }, ...pageQuery,
        },
      },
      response: { 200: page('Page<TicketView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<TicketView>> => tickets.list(request.query, ticketActor(request)));

  fastify.post<{ Body: TicketRequest }>('/api/tickets', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['tickets'], summary: 'Open a ticket for a station',
      body: { type: 'object', additionalProperties: false, required: ['stationId', 'title'], properties: { stationId: { type: 'string', minLength: 1, maxLength: 100 }, connectorId: { type: ['integer', 'null'], minimum: 0 }, ...text, priority, assigneeId: userId } },
      response: { 201: ok('TicketView'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const ticket = await tickets.create(request.body, ticketActor(request));
    await audit(request, 'ticket.created', String(ticket.id), { stationId: ticket.stationId });
    return reply.status(201).send(ticket);
  });

  fastify.get<{ Params: { id: number } }>('/api/tickets/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['tickets'], summary: 'One ticket with its notes', params: numericId, response: { 200: ok('TicketDetail'), ...errors(400, 404) } },
  }, async (request): Promise<TicketDetail> => tickets.get(request.params.id));

  fastify.patch<{ Params: { id: number }; Body: TicketUpdate }>('/api/tickets/:id', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['tickets'], summary: "Change a ticket's status, assignee (null: nobody), priority or text",
      params: numericId,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { status: { type: 'string', enum: TICKET_STATUSES }, assigneeId: userId, priority, ...text } },
      response: { 200: ok('TicketView'), ...errors(400, 404, 409) },
    },
  }, async (request): Promise<TicketView> => {
    const ticket = await tickets.update(request.params.id, request.body, ticketActor(request));
    await audit(request, 'ticket.updated', String(ticket.id), { ...request.body });
    return ticket;
  });

  fastify.post<{ Params: { id: number }; Body: { text: string } }>('/api/tickets/:id/notes', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['tickets'], summary: 'Add a note to a ticket', params: numericId,
      body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 } } },
      response: { 201: ok('TicketNoteView'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const note: TicketNoteView = await tickets.addNote(request.params.id, request.body.text, ticketActor(request));
    await audit(request, 'ticket.noted', String(request.params.id));
    return reply.status(201).send(note);
  });

  fastify.post<{ Params: { id: number }; Body: IncidentTicketRequest | undefined }>('/api/incidents/:id/ticket', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['tickets'], summary: 'Open a ticket from an incident (its station, title and facts) and link it', params: numericId,
      body: { anyOf: [{ type: 'object', additionalProperties: false, properties: { ...text, priority, assigneeId: userId } }, { type: 'null' }] },
      response: { 201: ok('TicketView'), ...errors(400, 404, 409) },
    },
  }, async (request, reply) => {
    const ticket = await tickets.createFromIncident(request.params.id, request.body ?? {}, ticketActor(request));
    await audit(request, 'ticket.created', String(ticket.id), { incidentId: request.params.id, stationId: ticket.stationId });
    return reply.status(201).send(ticket);
  });
}
