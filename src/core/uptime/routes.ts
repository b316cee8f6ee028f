import type { FastifyInstance } from 'fastify';
import type {
  MaintenanceWindowRequest, PortUptimeView, QuarterlyReportView, SiteUptimeView, StationUptimeView, UptimeExclusionRequest, UptimeExclusionView,
  UptimeList, UptimeMonthView, UptimeQuery, MaintenanceWindowView,
} from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { COMMAND_ROLES, MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableString, ok } from '../../http/schemas.js';
import { AppError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { UptimeExclusions } from './exclusions.js';
import type { MaintenanceWindows } from './maintenance-windows.js';
import { formulaText, NEVI_YEAR_MINUTES } from './nevi.js';
import { monthKey, quarterMonths, type PortFilter, type UptimeService } from './uptime-service.js';
import { monthViews, periodView, portView, quarterlyCsv, quarterlyPort, siteViews, stationViews } from './uptime-views.js';
import { EXCLUSION_REASONS, type ExclusionReason } from './uptime.js';

/** What the uptime routes use. */
export interface UptimeRouteDeps {
  uptime: UptimeService;
  maintenance: MaintenanceWindows;
  exclusions: UptimeExclusions;
  clock: Clock;
}

const numericId = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } } as const;
const scopeQuery = { siteId: { type: 'string', format: 'uuid' }, stationId: { type: 'string', minLength: 1, maxLength: 100 } } as const;
const periodQuery = {
  type: 'object', additionalProperties: false,
  properties: { from: { type: 'string', format: 'date-time', description: 'default: 365 days before `to`' }, to: { type: 'string', format: 'date-time', description: 'default: now' }, ...scopeQuery },
} as const;
const list = (description: string) => ({ description, type: 'object', additionalProperties: true });
const array = (description: string) => ({ description, type: 'array', items: { type: 'object', additionalProperties: true } });

class TechnicianScheduleError extends AppError {
  constructor() {
    super('forbidden', 'a technician may start and end maintenance, not schedule it', 403);
  }
}

/** Uptime figures (ports, stations, sites, months, the quarterly report), maintenance windows and excluded periods. */
export function registerUptimeRoutes(fastify: FastifyInstance, deps: UptimeRouteDeps): void {
  const { uptime, maintenance, exclusions, clock } = deps;
  const period = async (q: UptimeQuery) => {
    const to = q.to ? new Date(q.to) : clock.now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - NEVI_YEAR_MINUTES * 60_000);
    const filter: PortFilter = { siteId: q.siteId, stationId: q.stationId };
    const ports = await uptime.ledgers(filter, from, to);
    return { ports, period: periodView(from, new Date(Math.min(to.getTime(), clock.nowMs()))) };
  };

  fastify.get<{ Querystring: UptimeQuery }>('/api/uptime/ports', {
    config: { roles: READ_ROLES },
    schema: { tags: ['uptime'], summary: 'Per-port ledger and NEVI uptime over a period (scaled to the period when not 365 days)', querystring: periodQuery, response: { 200: list('UptimeList<PortUptimeView>'), ...errors(400) } },
  }, async (request): Promise<UptimeList<PortUptimeView>> => {
    const { ports, period: p } = await period(request.query);
    return { period: p, items: ports.map(portView) };
  });

  fastify.get<{ Querystring: UptimeQuery }>('/api/uptime/stations', {
    config: { roles: READ_ROLES },
    schema: { tags: ['uptime'], summary: 'Per-station roll-up: ports\' total minutes and the mean of their uptimes', querystring: periodQuery, response: { 200: list('UptimeList<StationUptimeView>'), ...errors(400) } },
  }, async (request): Promise<UptimeList<StationUptimeView>> => {
    const { ports, period: p } = await period(request.query);
    return { period: p, items: stationViews(ports) };
  });

  fastify.get<{ Querystring: UptimeQuery }>('/api/uptime/sites', {
    config: { roles: READ_ROLES },
    schema: { tags: ['uptime'], summary: 'Per-site roll-up (stations without a site as siteId null)', querystring: periodQuery, response: { 200: list('UptimeList<SiteUptimeView>'), ...errors(400) } },
  }, async (request): Promise<UptimeList<SiteUptimeView>> => {
    const { ports, period: p } = await period(request.query);
    return { period: p, items: siteViews(ports) };
  });

  fastify.get<{ Querystring: { siteId?: string; stationId?: string; months?: number } }>('/api/uptime/monthly', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['uptime'], summary: 'Calendar months (site time zone) up to the current one, with µ over the 12 months ending with each',
      querystring: { type: 'object', additionalProperties: false, properties: { ...scopeQuery, months: { type: 'integer', minimum: 1, maximum: 36, default: 12 } } },
      response: { 200: array('UptimeMonthView[]'), ...errors(400) },
    },
  }, async (request): Promise<UptimeMonthView[]> => {
    const count = request.query.months ?? 12;
    const now = clock.nowMs();
    const months = Array.from({ length: count + 11 }, (_, i) => monthKey(now, i - count - 10));
    const ports = await uptime.ports({ siteId: request.query.siteId, stationId: request.query.stationId });
    return monthViews(await uptime.months(ports, months), months.slice(11), months);
  });

  fastify.get<{ Querystring: { quarter: string; format?: 'json' | 'csv'; siteId?: string; stationId?: string } }>('/api/uptime/report', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['uptime'], summary: 'Quarterly report per port: µ, T_outage, T_excluded per month and every outage (format=csv: a download)',
      querystring: { type: 'object', required: ['quarter'], additionalProperties: false, properties: { quarter: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' }, format: { type: 'string', enum: ['json', 'csv'], default: 'json' }, ...scopeQuery } },
      response: { 200: list('QuarterlyReportView (format=json); text/csv otherwise'), ...errors(400) },
    },
  }, async (request, reply) => {
    const q = request.query;
    const quarter = quarterMonths(q.quarter);
    const first = Date.parse(`${quarter[0]}T12:00:00Z`);
    const months = Array.from({ length: 14 }, (_, i) => monthKey(first, i - 11));
    const ports = await uptime.ports({ siteId: q.siteId, stationId: q.stationId });
    const byPort = await uptime.months(ports, months);
    const items = ports.map((p) => quarterlyPort(p, byPort.get(`${p.stationId}:${p.evseId}`) ?? [], quarter, months));
    if (q.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="uptime-${q.quarter}.csv"`).send(`\ufeff${quarterlyCsv(q.quarter, items)}`);
    }
    const report: QuarterlyReportView = { quarter: q.quarter, months: quarter, formula: formulaText(NEVI_YEAR_MINUTES), items };
    return report;
  });

  fastify.get<{ Querystring: { stationId?: string; open?: boolean } }>('/api/maintenance-windows', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['uptime'], summary: 'Maintenance windows, newest first (open: only those not over yet)',
      querystring: { type: 'object', additionalProperties: false, properties: { stationId: scopeQuery.stationId, open: { type: 'boolean' } } },
      response: { 200: array('MaintenanceWindowView[]'), ...errors(400) },
    },
  }, async (request): Promise<MaintenanceWindowView[]> => maintenance.list(request.query));

  fastify.post<{ Body: MaintenanceWindowRequest }>('/api/maintenance-windows', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['uptime'], summary: 'Start maintenance now (no startsAt) or schedule it; technicians may only start it now',
      body: {
        type: 'object', additionalProperties: false, required: ['stationId', 'reason'],
        properties: {
          stationId: scopeQuery.stationId, evseId: { type: ['integer', 'null'], minimum: 1, maximum: 1000 }, startsAt: { type: 'string', format: 'date-time' },
          endsAt: { type: ['string', 'null'], format: 'date-time' }, reason: { type: 'string', minLength: 1, maxLength: 200 }, note: nullableString(2000),
        },
      },
      response: { 201: ok('MaintenanceWindowView'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const b = request.body;
    const startsAt = b.startsAt ? new Date(b.startsAt) : undefined;
    if (request.principal!.role === 'technician' && startsAt && startsAt.getTime() > clock.nowMs()) throw new TechnicianScheduleError();
    const w = await maintenance.create({ ...b, startsAt, endsAt: b.endsAt ? new Date(b.endsAt) : null, by: request.principal!.name });
    await audit(request, w.state === 'active' ? 'maintenance.started' : 'maintenance.scheduled', w.stationId, { windowId: w.id, evseId: w.evseId, startsAt: w.startsAt, endsAt: w.endsAt, reason: w.reason });
    return reply.status(201).send(w);
  });

  fastify.post<{ Params: { id: number } }>('/api/maintenance-windows/:id/end', {
    config: { roles: COMMAND_ROLES },
    schema: { tags: ['uptime'], summary: 'End an active maintenance window now', params: numericId, response: { 200: ok('MaintenanceWindowView'), ...errors(400, 404, 409) } },
  }, async (request): Promise<MaintenanceWindowView> => {
    const w = await maintenance.end(request.params.id, request.principal!.name);
    await audit(request, 'maintenance.ended', w.stationId, { windowId: w.id, evseId: w.evseId });
    return w;
  });

  fastify.delete<{ Params: { id: number } }>('/api/maintenance-windows/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['uptime'], summary: 'Delete a window that has not started', params: numericId, response: { 204: noContent, ...errors(400, 404, 409) } },
  }, async (request, reply) => {
    const w = await maintenance.get(request.params.id);
    await maintenance.remove(request.params.id);
    await audit(request, 'maintenance.deleted', w.stationId, { windowId: w.id });
    return reply.status(204).send();
  });

  fastify.get<{ Querystring: UptimeQuery }>('/api/uptime-exclusions', {
    config: { roles: READ_ROLES },
    schema: { tags: ['uptime'], summary: 'Excluded periods overlapping a period, of a station or a site', querystring: periodQuery, response: { 200: array('UptimeExclusionView[]'), ...errors(400) } },
  }, async (request): Promise<UptimeExclusionView[]> => {
    const q = request.query;
    return exclusions.list({ stationId: q.stationId, siteId: q.siteId, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
  });

  fastify.post<{ Body: UptimeExclusionRequest }>('/api/uptime-exclusions', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['uptime'], summary: 'Record an excluded period (23 CFR 680.116(b)(3) reasons) for a port, a station or a site',
      body: {
        type: 'object', additionalProperties: false, required: ['startsAt', 'endsAt', 'reason'],
        properties: {
          siteId: { type: ['string', 'null'], format: 'uuid' }, stationId: { type: ['string', 'null'], minLength: 1, maxLength: 100 }, evseId: { type: ['integer', 'null'], minimum: 1, maximum: 1000 },
          startsAt: { type: 'string', format: 'date-time' }, endsAt: { type: 'string', format: 'date-time' }, reason: { type: 'string', enum: [...EXCLUSION_REASONS] },
          note: nullableString(2000), evidence: nullableString(2000, { description: 'evidence text or URL' }),
        },
      },
      response: { 201: ok('UptimeExclusionView'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const b = request.body;
    const e = await exclusions.create({ ...b, reason: b.reason as ExclusionReason, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt), by: request.principal!.name });
    await audit(request, 'uptime.exclusion.created', e.stationId ?? e.siteId, { exclusionId: e.id, scope: e.scope, evseId: e.evseId, startsAt: e.startsAt, endsAt: e.endsAt, reason: e.reason });
    return reply.status(201).send(e);
  });

  fastify.delete<{ Params: { id: number } }>('/api/uptime-exclusions/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['uptime'], summary: 'Delete an excluded period', params: numericId, response: { 204: noContent, ...errors(400, 404) } },
  }, async (request, reply) => {
    const e = await exclusions.remove(request.params.id);
    await audit(request, 'uptime.exclusion.deleted', e.stationId ?? e.siteId, { exclusionId: e.id, reason: e.reason, startsAt: e.startsAt, endsAt: e.endsAt });
    return reply.status(204).send();
  });
}
