import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './app.js';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too). */
export function registerHealthRoutes(fastify: FastifyInstance, deps: Pick<HttpDeps, 'database' | 'gateway' | 'committer'>): void {
  fastify.get('/healthz', { config: { roles: 'public' } }, async () => ({ status: 'ok' }));
  fastify.get('/readyz', { config: { roles: 'public' } }, async (_request, reply) => {
    try {
      await deps.database.pool.query('select 1');
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable', database: (error as Error).message });
    }
    return { status: 'ready', stations: deps.gateway.connectionCount, batches: deps.committer.stats };
  });
}
