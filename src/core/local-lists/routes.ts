import type { FastifyInstance } from 'fastify';
import type { LocalListCheckResult, LocalListSyncRequest, LocalListSyncResult, LocalListView } from '../../http/api-types.js';
import { auditedAction } from '../../http/auth.js';
import { COMMAND_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, idParams, ok } from '../../http/schemas.js';
import type { LocalListService } from './local-lists-service.js';

/**
 * A station's local authorization list: its state, a sync by hand and a version check. The station's
 * authorization cache is cleared through the commands route (`POST /api/stations/:id/commands/clear-cache`).
 */
export function registerLocalListRoutes(fastify: FastifyInstance, deps: { localLists: LocalListService }): void {
  fastify.get<{ Params: { id: string } }>('/api/stations/:id/local-list', {
    config: { roles: READ_ROLES },
    schema: { tags: ['local lists'], summary: "The station's local list: our version and the station's, state, entries, last sync and error", params: idParams, response: { 200: ok('LocalListView'), ...errors(404) } },
  }, async (request): Promise<LocalListView> => deps.localLists.view(request.params.id));

  fastify.post<{ Params: { id: string }; Body: LocalListSyncRequest | undefined }>('/api/stations/:id/local-list/sync', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['local lists'], summary: 'Send the station its local list now (a differential, or the full list) and wait for its answer', params: idParams,
      body: { anyOf: [{ type: 'object', additionalProperties: false, properties: { full: { type: 'boolean' } } }, { type: 'null' }] },
      response: { 200: ok('LocalListSyncResult'), ...errors(400, 404, 502, 503, 504) },
    },
  }, async (request): Promise<LocalListSyncResult> => {
    const full = request.body?.full === true;
    return auditedAction(request, 'station.local_list_sync', request.params.id, (result?: LocalListSyncResult) => ({ full, status: result?.status ?? 'error' }), () => deps.localLists.syncNow(request.params.id, full));
  });

  fastify.post<{ Params: { id: string } }>('/api/stations/:id/local-list/check', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['local lists'], summary: 'Ask the station its local list version (GetLocalListVersion); a different one gets a full update', params: idParams,
      response: { 200: ok('LocalListCheckResult'), ...errors(404, 502, 503, 504) },
    },
  }, async (request): Promise<LocalListCheckResult> => {
    return auditedAction(request, 'station.local_list_check', request.params.id, (result?: LocalListCheckResult) => ({ stationVersion: result?.stationVersion ?? null }), () => deps.localLists.check(request.params.id));
  });
}
