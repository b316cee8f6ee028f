import type { FastifyInstance } from 'fastify';
import type { Page, SiteRequest, SiteView, StationListItem, StationQuery } from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, nullableNumber, nullableString, ok, page } from '../../http/schemas.js';
import type { LiveView, SiteStats } from '../live/index.js';
import type { Site } from './sites.js';
import type { SiteService } from './sites-service.js';

const siteParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const NO_STATS: SiteStats = { stationCount: 0, onlineCount: 0, powerW: 0, activeSessions: 0 };

const siteBody = (required: string[]) => ({
  type: 'object', additionalProperties: false, required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 }, address: nullableString(500),
    latitude: nullableNumber(-90, 90), longitude: nullableNumber(-180, 180), timezone: { type: 'string', minLength: 1, maxLength: 64 },
    maxPowerKw: { ...nullableNumber(0, 1_000_000), description: 'the most power the site may draw, kW (null: no limit); the site power alert compares against it' },
    openingHours: {
      type: 'object', description: 'per weekday (mon..sun) a list of [from, to] HH:MM ranges; empty = always open',
      additionalProperties: { type: 'array', maxItems: 10, items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' } } },
    },
  },
});

function siteView(s: Site, stats: SiteStats = NO_STATS): SiteView {
  return {
    id: s.id, name: s.name, address: s.address, latitude: s.latitude, longitude: s.longitude, timezone: s.timezone, openingHours: s.openingHours, maxPowerKw: s.maxPowerKw,
    stationCount: stats.stationCount, onlineCount: stats.onlineCount, powerW: stats.powerW, activeSessions: stats.activeSessions,
  };
}

/** Sites with their live figures, and the stations of a site. */
export function registerSiteRoutes(
  fastify: FastifyInstance,
  deps: { sites: SiteService; live: Pick<LiveView, 'siteStats'>; listStations(q: StationQuery): Page<StationListItem>; stationQuerySchema: object },
): void {
  const { sites, live } = deps;
  const one = async (id: string) => siteView(await sites.get(id), live.siteStats().get(id));

  fastify.get('/api/sites', {
    config: { roles: READ_ROLES },
    schema: { tags: ['sites'], summary: 'Every site with live station, online, power and session counts', response: { 200: { description: 'SiteView[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<SiteView[]> => {
    const stats = live.siteStats();
    return (await sites.list()).map((s) => siteView(s, stats.get(s.id)));
  });

  fastify.post<{ Body: SiteRequest }>('/api/sites', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['sites'], summary: 'Add a site', body: siteBody(['name']), response: { 201: ok('SiteView'), ...errors(400) } },
  }, async (request, reply) => {
    const site = await sites.create(request.body);
    await audit(request, 'site.created', site.id, { name: site.name });
    return reply.status(201).send(siteView(site));
  });

  fastify.get<{ Params: { id: string } }>('/api/sites/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['sites'], summary: 'One site with live figures', params: siteParams, response: { 200: ok('SiteView'), ...errors(400, 404) } },
  }, async (request) => one(request.params.id));

  fastify.patch<{ Params: { id: string }; Body: Partial<SiteRequest> }>('/api/sites/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['sites'], summary: 'Change a site (null clears)', params: siteParams, body: siteBody([]), response: { 200: ok('SiteView'), ...errors(400, 404) } },
  }, async (request) => {
    await sites.update(request.params.id, request.body);
    await audit(request, 'site.updated', request.params.id, { ...request.body });
    return one(request.params.id);
  });

  fastify.delete<{ Params: { id: string } }>('/api/sites/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['sites'], summary: 'Delete a site (its stations stay, without a site)', params: siteParams, response: { 204: noContent, ...errors(400, 404) } },
  }, async (request, reply) => {
    await sites.remove(request.params.id);
    await audit(request, 'site.deleted', request.params.id);
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string }; Querystring: StationQuery }>('/api/sites/:id/stations', {
    config: { roles: READ_ROLES },
    schema: { tags: ['sites'], summary: 'The stations of a site (same filters as GET /api/stations)', params: siteParams, querystring: deps.stationQuerySchema, response: { 200: page('Page<StationListItem>'), ...errors(400, 404) } },
  }, async (request) => {
    await sites.get(request.params.id);
    return deps.listStations({ ...request.query, siteId: request.params.id });
  });
}
