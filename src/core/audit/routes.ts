import type { FastifyInstance } from 'fastify';
import type { AuditQueryParams, AuditRecordView, Page } from '../../http/api-types.js';
import { errors, page, pageQuery } from '../../http/schemas.js';
import type { AuditQueries } from './audit-queries.js';

const tags = ['audit'];
const filters = {
  actor: { type: 'string', maxLength: 200, description: 'actor id or user name' },
  action: { type: 'string', maxLength: 200, description: 'action prefix, e.g. `auth.` or `station.`' },
  target: { type: 'string', maxLength: 200 },
  result: { type: 'string', enum: ['ok', 'refused', 'error'] },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  q: { type: 'string', maxLength: 200, description: 'text anywhere in action, target, actor, address or detail' },
} as const;

/** The audit log for admins: search with filters and cursor paging, and the same search as CSV. */
export function registerAuditRoutes(fastify: FastifyInstance, deps: { audit: AuditQueries }): void {
  fastify.get<{ Querystring: AuditQueryParams }>('/api/audit', {
    config: { roles: ['admin'] },
    schema: {
      tags, summary: 'Audit log lines, newest first (who, when, from where, what, result)',
      querystring: { type: 'object', additionalProperties: false, properties: { ...filters, ...pageQuery } },
      response: { 200: page('AuditRecordView'), ...errors(400) },
    },
  }, async (request): Promise<Page<AuditRecordView>> => deps.audit.search(request.query));

  fastify.get<{ Querystring: AuditQueryParams }>('/api/audit/export.csv', {
    config: { roles: ['admin'] },
    schema: {
      tags, summary: 'The audit lines matching the filters as CSV (at most 100,000, newest first)',
      querystring: { type: 'object', additionalProperties: false, properties: filters },
      response: { 200: { description: 'text/csv', type: 'string' }, ...errors(400) },
    },
  }, async (request, reply) => {
    const csv = await deps.audit.csv(request.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"').send(csv);
  });
}
