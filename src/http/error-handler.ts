import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/shared/app-error.js';
import type { Logger } from '../core/shared/logger.js';

/** One error shape for every route: `{ error: { code, message, details? } }`. */
export function registerErrorHandler(fastify: FastifyInstance, logger: Logger): void {
  fastify.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    const fastifyError = error as { validation?: unknown; statusCode?: number; message: string };
    if (fastifyError.validation) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: fastifyError.message } });
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      return reply.status(fastifyError.statusCode).send({ error: { code: 'bad_request', message: fastifyError.message } });
    }
    logger.error({ err: (error as Error).stack, url: request.url }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'internal error' } });
  });
  fastify.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } }));
}
