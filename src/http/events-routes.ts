import type { FastifyInstance } from 'fastify';
import type { LiveStream } from './live-stream.js';
import { READ_ROLES } from './roles.js';
import { errors } from './schemas.js';

/** GET /api/events: the live event stream (Server-Sent Events). */
export function registerEventRoutes(fastify: FastifyInstance, deps: { stream: LiveStream }): void {
  // Open streams never end by themselves: end them before the server waits for its connections to close.
  fastify.addHook('preClose', async () => deps.stream.stop());
  fastify.get<{ Querystring: { stationId?: string; siteId?: string; types?: string; lastEventId?: string } }>('/api/events', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['live'],
      summary: 'Live events as Server-Sent Events',
      description: 'Each message has `event: <type>` and `data: <LiveEvent JSON>`; durable events carry `id:`. Reconnect with the Last-Event-ID header (or `lastEventId`) to get what was missed first. A `stream.resync` event means too much was missed: reload state. Events addressed to one user (`notification.*`) reach only that user\'s streams.',
      querystring: {
        type: 'object',
        properties: {
          stationId: { type: 'string', maxLength: 100 }, siteId: { type: 'string', format: 'uuid' },
          types: { type: 'string', maxLength: 500, description: 'comma-separated type prefixes, e.g. connector.,session.' },
          lastEventId: { type: 'string', pattern: '^\\d{1,19}$', description: 'alternative to the Last-Event-ID header' },
        },
      },
      response: { 200: { description: 'text/event-stream' }, ...errors(400) },
    },
  }, async (request, reply) => {
    const q = request.query;
    const types = q.types?.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
    const header = request.headers['last-event-id'];
    const lastEventId = (typeof header === 'string' && header.length > 0 ? header : undefined) ?? q.lastEventId;
    reply.hijack();
    const userId = request.principal?.kind === 'user' ? request.principal.id : undefined;
    await deps.stream.open(reply.raw, { stationId: q.stationId, siteId: q.siteId, types, userId }, lastEventId);
  });
}
