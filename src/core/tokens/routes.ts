import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { IdTokenQuery, IdTokenRequest, IdTokenUpdate, IdTokenUsageView, IdTokenView, Page, TokenGroupView, TokenImportReport, TokenImportRequest } from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { COMMAND_ROLES, MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableNumber, nullableString, ok, page, pageQuery } from '../../http/schemas.js';
import { ForbiddenError } from '../accounts/index.js';
import { ValidationError } from '../shared/app-error.js';
import { pageLimit } from '../shared/pagination.js';
import type { TokenService } from './tokens-service.js';
import { ID_TOKEN_TYPES, TOKEN_STATUSES } from './tokens.js';

const STATUS = { type: 'string', enum: [...TOKEN_STATUSES] } as const;
const TYPE = { type: 'string', enum: [...ID_TOKEN_TYPES] } as const;
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1, maxLength: 36 } } } as const;
const limits = {
  maxConcurrentSessions: { ...nullableNumber(1, 100), description: 'sessions at the same time (null: no limit)' },
  monthlyEnergyKwh: { ...nullableNumber(0, 1_000_000), description: 'kWh per calendar month (null: no limit)' },
  monthlySessions: { ...nullableNumber(1, 100_000), description: 'sessions per calendar month (null: no limit)' },
} as const;
/** Import bodies may be bigger than other requests; 8 MiB is ~100k rows. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/**
 * Driver id tokens: list, read, usage, add, change, delete, CSV import and export. Managers (MANAGE_ROLES)
 * change everything; technicians may only block and unblock (PATCH with `status` alone).
 */
export function registerTokenRoutes(fastify: FastifyInstance, deps: { tokens: TokenService }): void {
  const { tokens } = deps;
  if (!fastify.hasContentTypeParser('text/csv')) {
    fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  }

  fastify.get<{ Querystring: IdTokenQuery }>('/api/id-tokens', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Id tokens by their text, filtered',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: STATUS, type: TYPE, group: { type: 'string', minLength: 1, maxLength: 36 },
          driverId: { type: 'string', minLength: 1, maxLength: 100, description: 'a driver id, or `none` for tokens without a driver' },
          search: { type: 'string', maxLength: 100, description: 'substring of token, label, group or driver name' }, ...pageQuery,
        },
      },
      response: { 200: page('Page<IdTokenView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<IdTokenView>> => {
    const { cursor, limit: wanted, ...filter } = request.query;
    if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) throw new ValidationError('invalid cursor', { cursor });
    const offset = cursor === undefined ? 0 : Number(cursor);
    const limit = pageLimit(wanted, 50);
    const result = await tokens.list({ ...filter, limit, offset });
    return { items: result.items, total: result.total, nextCursor: offset + result.items.length < result.total ? String(offset + result.items.length) : null };
  });

  fastify.get('/api/id-tokens/groups', {
    config: { roles: READ_ROLES },
    schema: { tags: ['id tokens'], summary: 'Group id tags in use, with token counts', response: { 200: { description: 'TokenGroupView[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<TokenGroupView[]> => tokens.groups());

  fastify.get<{ Querystring: { format?: 'csv' } }>('/api/id-tokens/export', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Every token as CSV (columns token,type,status,expires_at,group,label,driver_email — the import format)',
      querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['csv'] } } },
      response: { 200: { description: 'text/csv', type: 'string' }, ...errors(400) },
    },
  }, async (_request, reply) => {
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="id-tokens.csv"');
    return reply.send(Readable.from(tokens.exportCsv()));
  });

  fastify.post<{ Body: string | TokenImportRequest }>('/api/id-tokens/import', {
    config: { roles: MANAGE_ROLES },
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['id tokens'],
      summary: 'Add or update tokens from CSV (text/csv body or JSON { csv }); header columns token,type,status,expires_at,group,label,driver_email, only token required. Valid rows are stored in one transaction; the others are reported with their line and reason.',
      body: {
        oneOf: [
          { type: 'string', maxLength: IMPORT_BODY_LIMIT },
          { type: 'object', required: ['csv'], additionalProperties: false, properties: { csv: { type: 'string', maxLength: IMPORT_BODY_LIMIT } } },
        ],
      },
      response: { 200: ok('TokenImportReport'), ...errors(400) },
    },
  }, async (request): Promise<TokenImportReport> => {
    const text = typeof request.body === 'string' ? request.body : request.body.csv;
    const report = await tokens.importCsv(text);
    await audit(request, 'id-token.imported', null, { added: report.added, updated: report.updated, rejected: report.rejected.length });
    return report;
  });

  fastify.get<{ Params: { token: string } }>('/api/id-tokens/:token', {
    config: { roles: READ_ROLES },
    schema: { tags: ['id tokens'], summary: 'One id token', params: tokenParams, response: { 200: ok('IdTokenView'), ...errors(404) } },
  }, async (request): Promise<IdTokenView> => tokens.get(request.params.token));

  fastify.get<{ Params: { token: string }; Querystring: { timeZone?: string } }>('/api/id-tokens/:token/usage', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['id tokens'], summary: "This calendar month's sessions and energy of a token, and its running sessions", params: tokenParams,
      querystring: { type: 'object', additionalProperties: false, properties: { timeZone: { type: 'string', minLength: 1, maxLength: 64 } } },
      response: { 200: ok('IdTokenUsageView'), ...errors(400, 404) },
    },
  }, async (request): Promise<IdTokenUsageView> => {
    const token = await tokens.get(request.params.token);
    const [usage, active] = await Promise.all([tokens.usageThisMonth(token.token, undefined, request.query.timeZone), tokens.activeSessions(token.token)]);
    return { token: token.token, from: usage.from.toISOString(), to: usage.to.toISOString(), sessions: usage.sessions, energyWh: usage.energyWh, activeSessions: active.length };
  });

  fastify.post<{ Body: IdTokenRequest }>('/api/id-tokens', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Add an id token',
      body: {
        type: 'object', required: ['token'], additionalProperties: false,
        properties: {
          token: { type: 'string', minLength: 1, maxLength: 36 }, type: TYPE, status: STATUS,
          label: { type: 'string', maxLength: 200 }, groupId: { type: 'string', maxLength: 36 }, expiresAt: { type: 'string', format: 'date-time' },
          driverId: { type: 'string', minLength: 1, maxLength: 100 }, ...limits,
        },
      },
      response: { 201: ok('IdTokenView'), ...errors(400, 409) },
    },
  }, async (request, reply) => {
    const token = await tokens.add(request.body);
    await audit(request, 'id-token.created', token.token, { type: token.type, status: token.status, driverId: token.driverId });
    return reply.status(201).send(token);
  });

  fastify.patch<{ Params: { token: string }; Body: IdTokenUpdate }>('/api/id-tokens/:token', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['id tokens'], summary: 'Change a token (null clears a field); technicians may only change the status (block/unblock)', params: tokenParams,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          status: STATUS, label: nullableString(200), expiresAt: nullableString(40, { format: 'date-time' }), groupId: nullableString(36),
          driverId: nullableString(100), ...limits,
        },
      },
      response: { 200: ok('IdTokenView'), ...errors(400, 404) },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const fields = Object.keys(request.body);
    if (!MANAGE_ROLES.includes(principal.role) && principal.role !== 'admin' && fields.some((f) => f !== 'status')) {
      throw new ForbiddenError('only the status of a token may be changed by this role');
    }
    const token = await tokens.update(request.params.token, request.body);
    await audit(request, 'id-token.updated', token.token, { ...request.body });
    return token;
  });

  fastify.delete<{ Params: { token: string } }>('/api/id-tokens/:token', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['id tokens'], summary: 'Delete an id token', params: tokenParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await tokens.remove(request.params.token);
    await audit(request, 'id-token.deleted', request.params.token);
    return reply.status(204).send();
  });
}
