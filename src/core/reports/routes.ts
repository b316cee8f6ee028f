import { PassThrough, type Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Page, SessionReportQuery, SessionReportRow } from '../../http/api-types.js';
import { READ_ROLES } from '../../http/roles.js';
import { errors, page, pageQuery } from '../../http/schemas.js';
import type { Clock } from '../shared/clock.js';
import { pageLimit } from '../shared/pagination.js';
import { receiptPdf } from './receipt-pdf.js';
import type { ReportService } from './report-service.js';
import type { SessionReportFilter } from './reports.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const reportQuerySchema = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: ['json', 'csv', 'xlsx'], default: 'json', description: 'json: one page; csv, xlsx: a streamed download of every matching session' },
    from: { type: 'string', format: 'date-time', description: 'started at or after' },
    to: { type: 'string', format: 'date-time', description: 'started before' },
    siteId: { type: 'string', format: 'uuid' },
    stationId: { type: 'string', minLength: 1, maxLength: 100 },
    idToken: { type: 'string', minLength: 1, maxLength: 36, description: 'exact id token, case-insensitive' },
    user: { type: 'string', minLength: 1, maxLength: 100, description: "part of the token holder's name (token label), case-insensitive" },
    state: { type: 'string', enum: ['active', 'completed'] },
    bom: { type: 'boolean', default: true, description: 'csv: start with a UTF-8 byte order mark' },
    ...pageQuery,
  },
} as const;

const receiptParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } } as const;

function filterOf(q: SessionReportQuery): SessionReportFilter {
  return {
    from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined,
    siteId: q.siteId, stationId: q.stationId, idToken: q.idToken, user: q.user, state: q.state,
  };
}

/** A file-name-safe time stamp, e.g. 20260101-120000. */
function stamp(clock: Clock): string {
  return clock.now().toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '').replace('T', '-');
}

/**
 * Sends a download the report service writes into: the body is a stream Fastify pipes to the socket, so a
 * slow client slows the producer, and a client that goes away destroys it, which ends the database reading.
 */
function download(reply: FastifyReply, produce: (out: Writable) => Promise<void>): FastifyReply {
  const body = new PassThrough({ highWaterMark: 256 * 1024 });
  produce(body).catch(() => undefined);
  return reply.header('cache-control', 'no-store').send(body);
}

/** Session reports: the report table (JSON pages), CSV and XLSX exports, and a PDF receipt per session. */
export function registerReportRoutes(fastify: FastifyInstance, deps: { reports: ReportService; clock: Clock }): void {
  const { reports, clock } = deps;

  fastify.get<{ Querystring: SessionReportQuery }>('/api/reports/sessions', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['reports'], summary: 'Session report: a page as JSON, or every matching session as a streamed CSV or XLSX download',
      querystring: reportQuerySchema,
      response: { 200: page('Page<SessionReportRow> (format=json); text/csv or XLSX otherwise'), ...errors(400) },
    },
  }, async (request, reply): Promise<Page<SessionReportRow> | FastifyReply> => {
    const q = request.query;
    const filter = filterOf(q);
    if (q.format === 'csv') {
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="sessions-${stamp(clock)}.csv"`);
      return download(reply, (out) => reports.export('csv', filter, out, { bom: q.bom !== false }));
    }
    if (q.format === 'xlsx') {
      reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="sessions-${stamp(clock)}.xlsx"`);
      return download(reply, (out) => reports.export('xlsx', filter, out));
    }
    return reports.page(filter, { cursor: q.cursor, limit: pageLimit(q.limit, 50) });
  });

  fastify.get<{ Params: { id: number } }>('/api/sessions/:id/receipt.pdf', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['reports'], summary: 'A one-page PDF receipt for one session', params: receiptParams,
      response: { 200: { description: 'application/pdf', type: 'string' }, ...errors(404) },
    },
  }, async (request, reply) => {
    const data = await reports.receipt(request.params.id);
    return reply.type('application/pdf').header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="receipt-session-${data.row.sessionId}.pdf"`)
      .send(receiptPdf(data));
  });
}
