import type { FastifyInstance } from 'fastify';
import type { SessionCostAnswer, TariffAssignmentRequest, TariffAssignmentView, TariffRequest, TariffView } from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableNumber, ok } from '../../http/schemas.js';
import type { LiveSession } from '../live/index.js';
import { NotFoundError } from '../shared/app-error.js';
import { WEEKDAYS } from './billing.js';
import type { SessionBilling } from './session-billing.js';
import type { TariffInput } from './tariff-input.js';
import type { TariffService } from './tariffs-service.js';

const TIME = '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$';
const money = { type: 'number', minimum: 0, maximum: 1_000_000 } as const;
const tariffParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const sessionParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } } as const;
const list = (description: string) => ({ description, type: 'array', items: { type: 'object', additionalProperties: true } });

const period = {
  type: 'object', additionalProperties: false, required: ['from', 'to'],
  properties: {
    days: { type: 'array', maxItems: 7, items: { type: 'string', enum: WEEKDAYS } }, from: { type: 'string', pattern: TIME }, to: { type: 'string', pattern: TIME },
    energyPerKwh: money, chargingPerMinute: money, idlePerMinute: money,
  },
} as const;

const tariffBody = (required: string[]) => ({
  type: 'object', additionalProperties: false, required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 }, currency: { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 4217, e.g. EUR' },
    vatPercent: { type: 'number', minimum: 0, maximum: 100 },
    components: {
      type: 'object', additionalProperties: false, description: 'prices in major units before VAT; min/max bound the net total',
      properties: {
        energyPerKwh: money, chargingPerMinute: money, idlePerMinute: money, sessionFee: money, idleGraceMinutes: { type: 'integer', minimum: 0, maximum: 1440 },
        minPrice: nullableNumber(0, 1_000_000), maxPrice: nullableNumber(0, 1_000_000), periods: { type: 'array', maxItems: 50, items: period },
      },
    },
  },
});

const assignmentBody = {
  type: 'object', additionalProperties: false, required: ['scope', 'tariffId'],
  properties: {
    scope: { type: 'string', enum: ['default', 'site', 'station', 'token_group'] }, scopeId: { type: 'string', maxLength: 100 },
    tariffId: { type: ['string', 'null'], format: 'uuid', description: 'null removes the assignment' },
  },
} as const;

/** Tariffs (versioned), their assignments, and the cost of one session. */
export function registerBillingRoutes(fastify: FastifyInstance, deps: { tariffs: TariffService; billing: SessionBilling; live: { session(id: number): LiveSession | undefined } }): void {
  const { tariffs, billing, live } = deps;

  fastify.get<{ Querystring: { archived?: boolean } }>('/api/tariffs', {
    config: { roles: READ_ROLES },
    schema: { tags: ['billing'], summary: 'Tariffs at their current version, by name', querystring: { type: 'object', properties: { archived: { type: 'boolean', default: false } } }, response: { 200: list('TariffView[]') } },
  }, async (request): Promise<TariffView[]> => tariffs.list(request.query.archived === true));

  fastify.post<{ Body: TariffRequest }>('/api/tariffs', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['billing'], summary: 'Add a tariff', body: tariffBody(['name', 'currency']), response: { 201: ok('TariffView'), ...errors(400) } },
  }, async (request, reply) => {
    const tariff = await tariffs.create(request.body as TariffInput);
    await audit(request, 'tariff.created', tariff.id, { name: tariff.name });
    return reply.status(201).send(tariff satisfies TariffView);
  });

  fastify.get<{ Params: { id: string } }>('/api/tariffs/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['billing'], summary: 'One tariff at its current version', params: tariffParams, response: { 200: ok('TariffView'), ...errors(400, 404) } },
  }, async (request): Promise<TariffView> => tariffs.get(request.params.id));

  fastify.patch<{ Params: { id: string }; Body: Partial<TariffRequest> }>('/api/tariffs/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['billing'], summary: 'Change a tariff: adds a version (running sessions keep theirs)', params: tariffParams, body: tariffBody([]), response: { 200: ok('TariffView'), ...errors(400, 404, 409) } },
  }, async (request): Promise<TariffView> => {
    const tariff = await tariffs.update(request.params.id, request.body as Partial<TariffInput>);
    await audit(request, 'tariff.updated', tariff.id, { version: tariff.version });
    return tariff;
  });

  fastify.delete<{ Params: { id: string } }>('/api/tariffs/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['billing'], summary: 'Archive a tariff (drops its assignments; running sessions keep it)', params: tariffParams, response: { 204: noContent, ...errors(400, 404) } },
  }, async (request, reply) => {
    await tariffs.archive(request.params.id);
    await audit(request, 'tariff.archived', request.params.id);
    return reply.status(204).send();
  });

  fastify.get('/api/tariff-assignments', {
    config: { roles: READ_ROLES },
    schema: { tags: ['billing'], summary: 'Where tariffs apply (token_group > station > site > default)', response: { 200: list('TariffAssignmentView[]') } },
  }, async (): Promise<TariffAssignmentView[]> => tariffs.assignments());

  fastify.put<{ Body: TariffAssignmentRequest }>('/api/tariff-assignments', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['billing'], summary: 'Assign a tariff to a scope (tariffId null removes it)', body: assignmentBody, response: { 200: list('TariffAssignmentView[]'), ...errors(400, 404, 409) } },
  }, async (request): Promise<TariffAssignmentView[]> => {
    const result = await tariffs.assign(request.body);
    await audit(request, 'tariff.assigned', request.body.tariffId, { scope: request.body.scope, scopeId: request.body.scopeId ?? '' });
    return result;
  });

  fastify.get<{ Params: { id: number } }>('/api/sessions/:id/cost', {
    config: { roles: READ_ROLES },
    schema: { tags: ['sessions'], summary: 'Cost so far (running) or final (stopped), with its breakdown', params: sessionParams, response: { 200: ok('SessionCostAnswer'), ...errors(404) } },
  }, async (request): Promise<SessionCostAnswer> => {
    const id = request.params.id;
    const running = live.session(id);
    const costs = await billing.costs([{ id, energyWh: running?.energyWh, powerW: running?.powerW }]);
    if (!costs.has(id)) throw new NotFoundError('session', id);
    return { cost: costs.get(id) ?? null };
  });
}
