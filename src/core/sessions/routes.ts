import type { FastifyInstance } from 'fastify';
import type { Page, SampleSeries, SessionCost, SessionQuery, SessionView } from '../../http/api-types.js';
import { READ_ROLES } from '../../http/roles.js';
import { errors, ok, page, pageQuery } from '../../http/schemas.js';
import type { LiveView } from '../live/index.js';
import type { Clock } from '../shared/clock.js';
import { pageLimit } from '../shared/pagination.js';
import { sampleSeries, sessionView } from './session-api-views.js';
import type { SessionService } from './sessions-service.js';
import type { Session } from './sessions.js';

const sessionParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } } } as const;

/** Charging sessions: list, detail (live for running ones, with their cost when `costs` is given) and meter sample series. */
export function registerSessionRoutes(fastify: FastifyInstance, deps: { sessions: SessionService; live: Pick<LiveView, 'session' | 'station' | 'sessionProgress'>; clock: Clock; costs?: (views: SessionView[]) => Promise<Map<number, SessionCost | null>> }): void {
  const { sessions, live, clock } = deps;
  const withCosts = async (views: SessionView[]): Promise<SessionView[]> => {
    const costs = deps.costs ? await deps.costs(views) : undefined;
    return costs ? views.map((v) => ({ ...v, cost: costs.get(v.id) ?? null })) : views;
  };
  const view = (s: Session): SessionView => {
    const nowMs = clock.nowMs();
    return sessionView(s, live.session(s.id), live.station(s.stationId)?.siteId ?? null, nowMs, s.state === 'active' ? live.sessionProgress(s.id, nowMs) : undefined);
  };

  fastify.get<{ Querystring: SessionQuery }>('/api/sessions', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['sessions'], summary: 'Sessions, newest first',
      querystring: {
        type: 'object',
        properties: {
          stationId: { type: 'string', maxLength: 100 }, siteId: { type: 'string', format: 'uuid' }, idToken: { type: 'string', maxLength: 36 },
          state: { type: 'string', enum: ['active', 'completed'] },
          from: { type: 'string', format: 'date-time', description: 'started at or after' }, to: { type: 'string', format: 'date-time', description: 'started before' },
          ...pageQuery,
        },
      },
      response: { 200: page('Page<SessionView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<SessionView>> => {
    const q = request.query;
    const result = await sessions.list({ ...q, limit: pageLimit(q.limit, 50) });
    return { ...result, items: await withCosts(result.items.map(view)) };
  });

  fastify.get<{ Params: { id: number } }>('/api/sessions/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['sessions'], summary: 'One session (live values while it runs)', params: sessionParams, response: { 200: ok('SessionView'), ...errors(404) } },
  }, async (request) => (await withCosts([view(await sessions.get(request.params.id))]))[0]);

  fastify.get<{ Params: { id: number }; Querystring: { measurands?: string; maxPoints?: number; raw?: boolean } }>('/api/sessions/:id/samples', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['sessions'], summary: 'Meter samples per measurand and phase, downsampled unless raw=true', params: sessionParams,
      querystring: {
        type: 'object',
        properties: {
          measurands: { type: 'string', maxLength: 1000, description: 'comma-separated, e.g. Power.Active.Import,SoC' },
          maxPoints: { type: 'integer', minimum: 2, maximum: 5000, default: 500 }, raw: { type: 'boolean', default: false },
        },
      },
      response: { 200: { description: 'SampleSeries[]', type: 'array', items: { type: 'object', additionalProperties: true } }, ...errors(400, 404) },
    },
  }, async (request): Promise<SampleSeries[]> => {
    const q = request.query;
    const measurands = q.measurands?.split(',').map((m) => m.trim()).filter((m) => m.length > 0);
    const raw = q.raw === true;
    return sampleSeries(await sessions.samples(request.params.id, { measurands, maxPoints: q.maxPoints, raw }), raw);
  });
}
