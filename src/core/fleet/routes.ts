import type { FastifyInstance } from 'fastify';
import type { FleetSummaryView, PowerHistory } from '../../http/api-types.js';
import { READ_ROLES } from '../../http/roles.js';
import { errors, ok } from '../../http/schemas.js';
import { MAX_POWER_HOURS, type FleetService } from './fleet-service.js';

/** The fleet overview and its power chart. */
export function registerFleetRoutes(fastify: FastifyInstance, deps: { fleet: FleetService }): void {
  fastify.get('/api/summary', {
    config: { roles: READ_ROLES },
    schema: { tags: ['fleet'], summary: 'Fleet counts, power, energy today and the stations needing attention', response: { 200: ok('FleetSummaryView') } },
  }, async (): Promise<FleetSummaryView> => deps.fleet.summary());

  fastify.get<{ Querystring: { hours: number } }>('/api/summary/power', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['fleet'], summary: 'Fleet power, one point per minute ([ms, W])',
      querystring: { type: 'object', properties: { hours: { type: 'number', exclusiveMinimum: 0, maximum: MAX_POWER_HOURS, default: 24 } } },
      response: { 200: ok('PowerHistory'), ...errors(400) },
    },
  }, async (request): Promise<PowerHistory> => deps.fleet.power(request.query.hours));
}
