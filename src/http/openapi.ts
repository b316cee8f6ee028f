import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { packageVersion } from './package-info.js';
import { apiErrorSchema } from './schemas.js';

/**
 * Collects every route's schema into an OpenAPI 3 document. Register before any route, so that all of
 * them are seen; the shared ApiError schema is registered here too.
 */
export async function registerOpenApi(fastify: FastifyInstance): Promise<void> {
  fastify.addSchema(apiErrorSchema);
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Chargewatch API',
        version: packageVersion(),
        description: 'Operator API of Chargewatch. Authenticate with the session cookie of POST /api/auth/login (send its csrfToken as x-csrf-token on unsafe requests) or with `Authorization: Bearer <API token>`. Errors are `{ error: { code, message, details? } }`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'cw_session' } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
}

/** Serves the interactive docs at /docs (and the document at /docs/json), open to everyone. */
export async function registerDocsUi(fastify: FastifyInstance): Promise<void> {
  await fastify.register(async (docs) => {
    // The UI plugin declares its own routes; mark them public for the role check.
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, roles: 'public' };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs' });
  });
}
