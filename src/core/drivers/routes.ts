import type { FastifyInstance } from 'fastify';
import type { DriverQuery, DriverRequest, DriverUpdate, DriverView, IdTokenView, Page } from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableString, ok, page, pageQuery } from '../../http/schemas.js';
import { ValidationError } from '../shared/app-error.js';
import { pageLimit } from '../shared/pagination.js';
import type { TokenService } from '../tokens/index.js';
import type { DriverService } from './drivers-service.js';

const driverParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const driverTokenParams = {
  type: 'object', required: ['id', 'token'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 }, token: { type: 'string', minLength: 1, maxLength: 36 } },
} as const;
const driverBody = (required: string[]) => ({
  type: 'object', additionalProperties: false, required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 }, email: nullableString(254), phone: nullableString(30),
    userId: { ...nullableString(100), description: 'an account with the driver role that signs in as this driver' }, notes: nullableString(2000),
  },
});
const list = (description: string) => ({ description, type: 'array', items: { type: 'object', additionalProperties: true } });

function offsetOf(cursor: string | undefined): number {
  if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) throw new ValidationError('invalid cursor', { cursor });
  return cursor === undefined ? 0 : Number(cursor);
}

/** Drivers and their tokens; and a driver's own tokens (GET /api/me/tokens, for signed-in drivers). */
export function registerDriverRoutes(fastify: FastifyInstance, deps: { drivers: DriverService; tokens: TokenService }): void {
  const { drivers, tokens } = deps;

  fastify.get<{ Querystring: DriverQuery }>('/api/drivers', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['drivers'], summary: 'Drivers by name',
      querystring: { type: 'object', additionalProperties: false, properties: { search: { type: 'string', maxLength: 100, description: 'substring of name, e-mail or phone' }, ...pageQuery } },
      response: { 200: page('Page<DriverView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<DriverView>> => {
    const offset = offsetOf(request.query.cursor);
    const result = await drivers.list({ search: request.query.search, limit: pageLimit(request.query.limit, 50), offset });
    return { items: result.items, total: result.total, nextCursor: offset + result.items.length < result.total ? String(offset + result.items.length) : null };
  });

  fastify.post<{ Body: DriverRequest }>('/api/drivers', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['drivers'], summary: 'Add a driver', body: driverBody(['name']), response: { 201: ok('DriverView'), ...errors(400, 409) } },
  }, async (request, reply) => {
    const driver = await drivers.create(request.body);
    await audit(request, 'driver.created', driver.id, { name: driver.name, userId: driver.userId });
    return reply.status(201).send(driver);
  });

  fastify.get<{ Params: { id: string } }>('/api/drivers/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['drivers'], summary: 'One driver', params: driverParams, response: { 200: ok('DriverView'), ...errors(404) } },
  }, async (request): Promise<DriverView> => drivers.get(request.params.id));

  fastify.patch<{ Params: { id: string }; Body: DriverUpdate }>('/api/drivers/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['drivers'], summary: 'Change a driver (null clears a field)', params: driverParams, body: driverBody([]), response: { 200: ok('DriverView'), ...errors(400, 404, 409) } },
  }, async (request) => {
    const driver = await drivers.update(request.params.id, request.body);
    await audit(request, 'driver.updated', driver.id, { ...request.body });
    return driver;
  });

  fastify.delete<{ Params: { id: string } }>('/api/drivers/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['drivers'], summary: 'Delete a driver (their tokens stay, without a driver)', params: driverParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await drivers.remove(request.params.id);
    await audit(request, 'driver.deleted', request.params.id);
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string } }>('/api/drivers/:id/tokens', {
    config: { roles: READ_ROLES },
    schema: { tags: ['drivers'], summary: "A driver's id tokens", params: driverParams, response: { 200: list('IdTokenView[]'), ...errors(404) } },
  }, async (request): Promise<IdTokenView[]> => {
    const driver = await drivers.get(request.params.id);
    return (await tokens.list({ driverId: driver.id, limit: 1000 })).items;
  });

  fastify.put<{ Params: { id: string; token: string } }>('/api/drivers/:id/tokens/:token', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['drivers'], summary: 'Give an existing token to this driver', params: driverTokenParams, response: { 200: ok('IdTokenView'), ...errors(404) } },
  }, async (request): Promise<IdTokenView> => {
    const driver = await drivers.get(request.params.id);
    const token = await tokens.assign(request.params.token, driver.id);
    await audit(request, 'id-token.assigned', token.token, { driverId: driver.id });
    return token;
  });

  fastify.delete<{ Params: { id: string; token: string } }>('/api/drivers/:id/tokens/:token', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['drivers'], summary: 'Take a token away from this driver (the token stays)', params: driverTokenParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    const token = await tokens.get(request.params.token);
    if (token.driverId !== request.params.id) throw new ValidationError('the token does not belong to this driver', { token: token.token });
    await tokens.assign(token.token, null);
    await audit(request, 'id-token.unassigned', token.token, { driverId: request.params.id });
    return reply.status(204).send();
  });

  fastify.get('/api/me/tokens', {
    config: { roles: ['driver'] },
    schema: { tags: ['drivers'], summary: "The signed-in driver's own id tokens (drivers only)", response: { 200: list('IdTokenView[]') } },
  }, async (request): Promise<IdTokenView[]> => {
    const principal = principalOf(request);
    const driver = principal.kind === 'user' ? await drivers.ofUser(principal.id) : undefined;
    return driver ? (await tokens.list({ driverId: driver.id, limit: 1000 })).items : [];
  });
}
