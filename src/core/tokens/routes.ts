import type { FastifyInstance } from 'fastify';
import type { IdTokenRequest, IdTokenUpdate, IdTokenView, Page } from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { COMMAND_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableString, ok, page, pageQuery } from '../../http/schemas.js';
import { ValidationError } from '../shared/app-error.js';
import { pageLimit } from '../shared/pagination.js';
import type { TokenService } from './tokens-service.js';
import { ID_TOKEN_TYPES } from './tokens.js';

const STATUS = { type: 'string', enum: ['accepted', 'blocked', 'expired', 'invalid'] } as const;
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1, maxLength: 36 } } } as const;

/** Driver id tokens (RFID cards, app ids, key codes): list, add, block/unblock, relabel, expire, delete. */
export function registerTokenRoutes(fastify: FastifyInstance, deps: { tokens: TokenService }): void {
  const { tokens } = deps;

  fastify.get<{ Querystring: { status?: IdTokenView['status']; search?: string; cursor?: string; limit?: number } }>('/api/id-tokens', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Id tokens by their text',
      querystring: { type: 'object', properties: { status: STATUS, search: { type: 'string', maxLength: 100, description: 'substring of token, label or group' }, ...pageQuery } },
      response: { 200: page('Page<IdTokenView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<IdTokenView>> => {
    const q = request.query;
    if (q.cursor !== undefined && !/^\d{1,9}$/.test(q.cursor)) throw new ValidationError('invalid cursor', { cursor: q.cursor });
    const offset = q.cursor === undefined ? 0 : Number(q.cursor);
    const limit = pageLimit(q.limit, 50);
    const result = await tokens.list({ status: q.status, search: q.search, limit, offset });
    return { items: result.items, total: result.total, nextCursor: offset + result.items.length < result.total ? String(offset + result.items.length) : null };
  });

  fastify.post<{ Body: IdTokenRequest }>('/api/id-tokens', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Add an id token',
      body: {
        type: 'object', required: ['token'], additionalProperties: false,
        properties: {
          token: { type: 'string', minLength: 1, maxLength: 36 }, type: { type: 'string', enum: [...ID_TOKEN_TYPES] }, status: STATUS,
          label: { type: 'string', maxLength: 200 }, groupId: { type: 'string', maxLength: 36 }, expiresAt: { type: 'string', format: 'date-time' },
        },
      },
      response: { 201: ok('IdTokenView'), ...errors(400, 409) },
    },
  }, async (request, reply) => {
    const token = await tokens.add(request.body);
    await audit(request, 'id-token.created', token.token);
    return reply.status(201).send(token);
  });

  fastify.patch<{ Params: { token: string }; Body: IdTokenUpdate }>('/api/id-tokens/:token', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Block/unblock, relabel or change the expiry of a token (null clears)', params: tokenParams,
      body: {
        type: 'object', additionalProperties: false,
        properties: { status: STATUS, label: nullableString(200), expiresAt: nullableString(40, { format: 'date-time' }) },
      },
      response: { 200: ok('IdTokenView'), ...errors(400, 404) },
    },
  }, async (request) => {
    const token = await tokens.update(request.params.token, request.body);
    await audit(request, 'id-token.updated', token.token, { ...request.body });
    return token;
  });

  fastify.delete<{ Params: { token: string } }>('/api/id-tokens/:token', {
    config: { roles: COMMAND_ROLES },
    schema: { tags: ['id tokens'], summary: 'Delete an id token', params: tokenParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await tokens.remove(request.params.token);
    await audit(request, 'id-token.deleted', request.params.token);
    return reply.status(204).send();
  });
}
