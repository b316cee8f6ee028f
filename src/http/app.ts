import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Logger } from '../core/shared/logger.js';
import type { BatchCommitter } from '../db/batch-committer.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Gateway } from '../gateway/types.js';
import { registerErrorHandler } from './error-handler.js';
import { registerAuth } from './auth.js';
import type { AccountsService } from '../core/accounts/index.js';
import { registerAccountRoutes } from '../core/accounts/routes.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerOpenApi } from './openapi.js';
import { registerOperatorApi, type OperatorApiDeps } from './operator-api.js';

/** What the HTTP layer needs from the rest of the process. */
export interface HttpDeps {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  committer: BatchCommitter;
  gateway: Gateway;
  services: object;
  /** The operator API's services (stations, sessions, sites, fleet, commands, live stream, metrics). */
  operator: OperatorApiDeps;
  /** Users, sessions, API tokens and the audit log: authenticates every request. */
  accounts: AccountsService;
}

/** The HTTP server: API, health and (later) the web app, on one port. */
export interface HttpApp {
  fastify: FastifyInstance;
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

/** Builds the Fastify app with every route registered. */
export async function buildHttpApp(deps: HttpDeps): Promise<HttpApp> {
  const fastify = Fastify({ logger: false, trustProxy: deps.config.trustProxy, bodyLimit: 1_048_576 });
  registerErrorHandler(fastify, deps.logger);
  await registerOpenApi(fastify);
  await registerAuth(fastify, { accounts: deps.accounts, logger: deps.logger });
  registerAccountRoutes(fastify, { accounts: deps.accounts });
  registerHealthRoutes(fastify, deps);
  await registerOperatorApi(fastify, deps.operator);
  await fastify.ready();
  return {
    fastify,
    listen: async (port, host) => {
      await fastify.listen({ port, host });
      const address = fastify.server.address();
      return { port: typeof address === 'object' && address ? address.port : port };
    },
    close: () => fastify.close(),
  };
}
