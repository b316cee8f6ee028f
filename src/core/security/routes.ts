import type { FastifyInstance } from 'fastify';
import type {
  CameraEventQuery, CameraEventView, Page, SecurityEventQuery, SecuritySourceRequest, SecuritySourceView, SecuritySourceWithSecret,
  SecurityTimelineEntry, SecurityTimelineQuery, StationSecurityEventView,
} from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { READ_ROLES } from '../../http/roles.js';
import { errors, idParams, noContent, ok, page, pageQuery } from '../../http/schemas.js';
import type { CameraIngest } from './camera-ingest.js';
import type { SecurityEvents } from './security-events.js';
import type { SecuritySources } from './security-sources.js';

const tags = ['security'];
const ADMIN = ['admin'] as const;
/** Signed integration requests are small; a camera system sending more is misconfigured. */
const INGEST_BODY_LIMIT = 64 * 1024;
const SIGNATURE_HEADER = 'x-chargewatch-signature';

const period = { from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' } } as const;
const eventFilters = {
  siteId: { type: 'string', format: 'uuid' }, severity: { type: 'string', enum: ['critical', 'warning', 'info'] }, type: { type: 'string', maxLength: 100 }, ...period, ...pageQuery,
} as const;
const cameraSchema = {
  type: 'object', additionalProperties: false, required: ['cameraId'],
  properties: { cameraId: { type: 'string', minLength: 1, maxLength: 200 }, siteId: { type: ['string', 'null'], format: 'uuid' }, stationIds: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } } },
} as const;
const sourceBody = (required: string[]) => ({
  type: 'object', additionalProperties: false, required,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 }, disabled: { type: 'boolean' }, cameras: { type: 'array', maxItems: 1000, items: cameraSchema },
    rotateSecret: { type: 'boolean', description: 'make a new secret (returned once in the answer)' },
  },
});

/** Station security events, camera events, security timelines, camera sources (admin) and the signed camera webhook. */
export function registerSecurityRoutes(fastify: FastifyInstance, deps: { events: SecurityEvents; sources: SecuritySources; ingest: CameraIngest }): void {
  const { events, sources } = deps;

  fastify.get<{ Querystring: SecurityEventQuery }>('/api/security-events', {
    config: { roles: READ_ROLES },
    schema: {
      tags, summary: 'Station security events across the network, newest first, with their OCPP severity',
      querystring: { type: 'object', additionalProperties: false, properties: { stationId: { type: 'string', minLength: 1, maxLength: 100 }, ...eventFilters } },
      response: { 200: page('StationSecurityEventView'), ...errors(400) },
    },
  }, async (request): Promise<Page<StationSecurityEventView>> => events.stationEvents(request.query));

  fastify.get<{ Params: { id: string }; Querystring: SecurityEventQuery }>('/api/stations/:id/security-events', {
    config: { roles: READ_ROLES },
    schema: {
      tags, summary: "One station's security events, newest first", params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: eventFilters },
      response: { 200: page('StationSecurityEventView'), ...errors(400) },
    },
  }, async (request): Promise<Page<StationSecurityEventView>> => events.stationEvents({ ...request.query, stationId: request.params.id }));

  fastify.get<{ Params: { id: string }; Querystring: SecurityTimelineQuery }>('/api/stations/:id/security-timeline', {
    config: { roles: READ_ROLES },
    schema: {
      tags, summary: "A station's security story: its security events, camera events, connector statuses, failed logins and refused tokens, newest first",
      params: idParams, querystring: { type: 'object', additionalProperties: false, properties: { ...period, cursor: pageQuery.cursor, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
      response: { 200: page('SecurityTimelineEntry'), ...errors(400, 404) },
    },
  }, async (request): Promise<Page<SecurityTimelineEntry>> => events.timeline(request.params.id, request.query));

  fastify.get<{ Querystring: CameraEventQuery }>('/api/camera-events', {
    config: { roles: READ_ROLES },
    schema: {
      tags, summary: 'Events from camera and sensor sources, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          sourceId: { type: 'string', maxLength: 100 }, cameraId: { type: 'string', maxLength: 200 }, siteId: { type: 'string', format: 'uuid' },
          stationId: { type: 'string', maxLength: 100 }, eventType: { type: 'string', maxLength: 64 }, ...period, ...pageQuery,
        },
      },
      response: { 200: page('CameraEventView'), ...errors(400) },
    },
  }, async (request): Promise<Page<CameraEventView>> => events.cameraEvents(request.query));

  fastify.get('/api/security-sources', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Camera and sensor sources with their camera mappings (never their secrets)', response: { 200: { description: 'SecuritySourceView[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<SecuritySourceView[]> => sources.list());

  fastify.post<{ Body: SecuritySourceRequest }>('/api/security-sources', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Add a source; the answer carries its signing secret, shown only here', body: sourceBody(['name']), response: { 201: ok('SecuritySourceWithSecret'), ...errors(400, 409) } },
  }, async (request, reply): Promise<SecuritySourceWithSecret> => {
    const created = await sources.create(request.body, principalOf(request));
    await audit(request, 'security_source.created', created.id, { name: created.name, cameras: created.cameras.length });
    void reply.status(201);
    return created;
  });

  fastify.patch<{ Params: { id: string }; Body: SecuritySourceRequest }>('/api/security-sources/:id', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Rename, switch off or on, replace the camera mapping, or rotate the secret', params: idParams, body: sourceBody([]), response: { 200: ok('SecuritySourceView'), ...errors(400, 404, 409) } },
  }, async (request): Promise<SecuritySourceView | SecuritySourceWithSecret> => {
    const updated = await sources.update(request.params.id, request.body);
    const { rotateSecret, ...changed } = request.body;
    await audit(request, 'security_source.updated', request.params.id, { ...changed, cameras: changed.cameras?.length, secretRotated: rotateSecret === true });
    return updated;
  });

  fastify.delete<{ Params: { id: string } }>('/api/security-sources/:id', {
    config: { roles: ADMIN },
    schema: { tags, summary: 'Remove a source and its camera mapping (its events stay)', params: idParams, response: { 204: noContent, ...errors(404) } },
  }, async (request, reply) => {
    await sources.remove(request.params.id);
    await audit(request, 'security_source.deleted', request.params.id);
    return reply.status(204).send();
  });

  // Its own context: the raw body is needed as sent, because the signature covers its exact bytes.
  void fastify.register(async (signed) => {
    signed.removeContentTypeParser('application/json');
    signed.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: INGEST_BODY_LIMIT }, (_request, body, done) => done(null, body));
    signed.post<{ Body: string }>('/api/integrations/security-events', {
      config: { roles: 'public' },
      bodyLimit: INGEST_BODY_LIMIT,
      schema: {
        tags, summary: 'Receive a camera / sensor event (no session: signed with the source secret in X-Chargewatch-Signature: t=<unix s>,v1=<HMAC-SHA256 hex of "<t>.<raw body>">)',
        description: 'JSON body: { source, cameraId, eventType (motion, tamper, intrusion, …), at, snapshotUrl?, details? }. Unknown source, bad or stale signature: 401; malformed: 400; the same signed request again: 409.',
        headers: { type: 'object', properties: { [SIGNATURE_HEADER]: { type: 'string', maxLength: 300 } } },
        body: { type: 'string', description: 'CameraEventRequest as JSON' },
        response: { 201: ok('CameraEventView'), ...errors(400, 409) },
      },
    }, async (request, reply): Promise<CameraEventView> => {
      const header = request.headers[SIGNATURE_HEADER];
      const stored = await deps.ingest.receive(request.body, typeof header === 'string' ? header : undefined, { ip: request.ip });
      void reply.status(201);
      return stored;
    });
  });
}
