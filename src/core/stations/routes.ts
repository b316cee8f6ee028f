import type { FastifyInstance } from 'fastify';
import type { CreateStationRequest, OcppMessageView, Page, StationDetail, StationListItem, StationQuery, UpdateStationRequest } from '../../http/api-types.js';
import { audit } from '../../http/auth.js';
import { MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, idParams, noContent, nullableNumber, nullableString, ok, page, pageQuery } from '../../http/schemas.js';
import type { LiveView } from '../live/index.js';
import { ValidationError } from '../shared/app-error.js';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/pagination.js';
import { stationDetail, stationListItem } from './station-views.js';
import type { StationService } from './stations-service.js';

/** What the station routes use. */
export interface StationRouteDeps {
  stations: StationService;
  live: Pick<LiveView, 'station' | 'site' | 'listStations'>;
}

type ListCursor = { s: string; o: string; k: string | number; id: string };
const isListCursor = (v: unknown): v is ListCursor => {
  const c = v as ListCursor;
  return typeof v === 'object' && v !== null && typeof c.s === 'string' && typeof c.o === 'string' && typeof c.id === 'string' && (typeof c.k === 'string' || typeof c.k === 'number');
};

/** The filters of a station list (also used by a site's station list). */
export const stationQuerySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', maxLength: 40, description: 'worst connector status, e.g. Faulted' },
    online: { type: 'boolean' },
    admission: { type: 'string', enum: ['pending', 'accepted', 'rejected', 'disabled'] },
    siteId: { type: 'string', format: 'uuid' },
    model: { type: 'string', maxLength: 100 },
    firmware: { type: 'string', maxLength: 100 },
    protocol: { type: 'string', enum: ['1.6', '2.0.1'] },
    search: { type: 'string', maxLength: 100, description: 'substring of id, name, vendor or model (any case)' },
    sort: { type: 'string', enum: ['id', 'name', 'lastSeenAt', 'status'], default: 'id' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
    ...pageQuery,
  },
} as const;

const locationSchema = {
  type: 'object', additionalProperties: false,
  properties: { latitude: nullableNumber(-90, 90), longitude: nullableNumber(-180, 180), address: nullableString(500) },
} as const;

/** Lists stations from the live view (filters, sort, keyset pages), as GET /api/stations and a site's station list. */
export function listStations(live: StationRouteDeps['live'], q: StationQuery): Page<StationListItem> {
  const sort = q.sort ?? 'id';
  const order = q.order ?? 'asc';
  let after: { key: string | number; id: string } | undefined;
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, isListCursor);
    if (c.s !== sort || c.o !== order) throw new ValidationError('the cursor was made for another sort order', { cursor: q.cursor });
    after = { key: c.k, id: c.id };
  }
  const result = live.listStations({ ...q, sort, order, after, limit: pageLimit(q.limit, 50) });
  return {
    items: result.items.map((s) => stationListItem(s, s.siteId ? (live.site(s.siteId)?.name ?? null) : null)),
    total: result.total,
    nextCursor: result.next ? encodeCursor({ s: sort, o: order, k: result.next.key, id: result.next.id }) : null,
  };
}

/** Stations: list, detail, registration, settings, admission and the raw message log. */
export function registerStationRoutes(fastify: FastifyInstance, deps: StationRouteDeps): void {
  const { stations, live } = deps;
  const detail = async (id: string): Promise<StationDetail> => {
    const [stored, records] = await Promise.all([stations.get(id), stations.records(id)]);
    return stationDetail(stored, live.station(id), records, stored.siteId ? (live.site(stored.siteId)?.name ?? null) : null);
  };

  fastify.get<{ Querystring: StationQuery }>('/api/stations', {
    config: { roles: READ_ROLES },
    schema: { tags: ['stations'], summary: 'List stations with their live connectors', querystring: stationQuerySchema, response: { 200: page('Page<StationListItem>'), ...errors(400) } },
  }, async (request) => listStations(live, request.query));

  fastify.get<{ Params: { id: string } }>('/api/stations/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['stations'], summary: 'One station with live state, boots, connections and configuration', params: idParams, response: { 200: ok('StationDetail'), ...errors(404) } },
  }, async (request) => detail(request.params.id));

  fastify.post<{ Body: CreateStationRequest }>('/api/stations', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['stations'], summary: 'Register a station ahead of its first connection',
      body: {
        type: 'object', required: ['id'], additionalProperties: false,
        properties: { id: { type: 'string', minLength: 1, maxLength: 48 }, name: { type: 'string', maxLength: 200 }, siteId: { type: 'string', format: 'uuid' }, password: { type: 'string', minLength: 16, maxLength: 40 } },
      },
      response: { 201: ok('StationDetail'), ...errors(400, 409) },
    },
  }, async (request, reply) => {
    const station = await stations.create(request.body);
    await audit(request, 'station.created', station.id, { siteId: station.siteId });
    return reply.status(201).send(await detail(station.id));
  });

  fastify.patch<{ Params: { id: string }; Body: UpdateStationRequest }>('/api/stations/:id', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['stations'], summary: 'Change name, site, location, required security profile or Basic-auth password (null clears)', params: idParams,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          name: nullableString(200), siteId: nullableString(36, { format: 'uuid' }),
          password: nullableString(40, { minLength: 16 }), location: locationSchema,
          securityProfile: { type: 'integer', minimum: 0, maximum: 3, description: 'lowest security profile the station may connect with; 1 and 2 need a password' },
        },
      },
      response: { 200: ok('StationDetail'), ...errors(400, 404) },
    },
  }, async (request) => {
    await stations.update(request.params.id, request.body);
    const { password, ...changed } = request.body;
    await audit(request, 'station.updated', request.params.id, { ...changed, ...(password !== undefined ? { password: password === null ? 'removed' : 'set' } : {}) });
    return detail(request.params.id);
  });

  for (const action of ['approve', 'reject', 'disable'] as const) {
    fastify.post<{ Params: { id: string } }>(`/api/stations/:id/${action}`, {
      config: { roles: MANAGE_ROLES },
      schema: { tags: ['stations'], summary: `${action[0]!.toUpperCase()}${action.slice(1)} the station (its admission)`, params: idParams, response: { 200: ok('StationDetail'), ...errors(404) } },
    }, async (request) => {
      await stations[action](request.params.id);
      await audit(request, `station.${action}d`, request.params.id);
      return detail(request.params.id);
    });
  }

  fastify.delete<{ Params: { id: string } }>('/api/stations/:id', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['stations'], summary: 'Delete a station without sessions (disable it otherwise)', params: idParams, response: { 204: noContent, ...errors(404, 409) } },
  }, async (request, reply) => {
    await stations.remove(request.params.id);
    await audit(request, 'station.deleted', request.params.id);
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string }; Querystring: { action?: string; direction?: 'in' | 'out'; from?: string; to?: string; cursor?: string; limit?: number } }>('/api/stations/:id/messages', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['stations'], summary: 'The raw OCPP frames of a station, newest first', params: idParams,
      querystring: {
        type: 'object',
        properties: {
          action: { type: 'string', maxLength: 60 }, direction: { type: 'string', enum: ['in', 'out'] },
          from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, ...pageQuery,
        },
      },
      response: { 200: page('Page<OcppMessageView>'), ...errors(400, 404) },
    },
  }, async (request): Promise<Page<OcppMessageView>> => {
    await stations.get(request.params.id);
    const q = request.query;
    return stations.messages(request.params.id, {
      action: q.action, direction: q.direction, cursor: q.cursor, limit: q.limit,
      from: q.from !== undefined ? new Date(q.from) : undefined, to: q.to !== undefined ? new Date(q.to) : undefined,
    });
  });
}
