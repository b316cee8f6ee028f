import type { FastifyInstance } from 'fastify';
import type { ServerMetrics } from './metrics.js';
import { MANAGE_ROLES } from './roles.js';

/** GET /metrics in Prometheus' text format (scrape it with an API token: `authorization: { credentials: <token> }`). */
export function registerMetricsRoutes(fastify: FastifyInstance, deps: { metrics: ServerMetrics }): void {
  fastify.get('/metrics', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['operations'], summary: 'Prometheus metrics', response: { 200: { description: 'text/plain; version=0.0.4', type: 'string' } } },
  }, async (_request, reply) => reply.type(deps.metrics.registry.contentType).send(await deps.metrics.text()));
}
