import type { FastifyInstance } from 'fastify';
import type { AccessRuleRequest, AccessRuleView, CommandResult, DriverRemoteStartRequest, Role } from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, ok } from '../../http/schemas.js';
import { AppError } from '../shared/app-error.js';
import type { AccessRuleChange, AccessRulesService } from './access-rules-service.js';
import type { EffectiveAccessRule } from './access.js';
import type { DriverRemoteStart } from './driver-remote-start.js';

/** Drivers only (an admin passes every role check but owns no tokens, and is refused by ownership). */
const DRIVER_ROLES: readonly Role[] = ['driver'];
const siteParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const stationParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const list = { type: 'array', maxItems: 500, items: { type: 'string', minLength: 1, maxLength: 36 } } as const;
const ruleBody = {
  type: 'object', required: ['mode'], additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: ['public', 'private', 'schedule', 'inherit'] },
    groupIds: { ...list, description: 'token groups (parent id tags) let in' }, driverIds: { ...list, description: 'drivers whose tokens are let in' }, tokens: { ...list, description: 'single tokens let in' },
    schedule: {
      type: 'object', description: 'schedule mode: per weekday (mon..sun) [from, to) HH:MM ranges in the site\'s time zone when everyone may charge',
      additionalProperties: { type: 'array', maxItems: 10, items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' } } },
    },
    outside: { type: 'string', enum: ['listed', 'nobody'], description: 'schedule mode: who may charge outside the hours' },
  },
} as const;

function view(rule: EffectiveAccessRule): AccessRuleView {
  return {
    mode: rule.mode, groupIds: rule.groupIds, driverIds: rule.driverIds, tokens: rule.tokens, schedule: rule.schedule, outside: rule.outside,
    source: rule.source, updatedAt: rule.updatedAt, updatedBy: rule.updatedBy,
  };
}

/** Access rules of sites and stations, and drivers' remote starts with their own tokens. */
export function registerAccessRoutes(fastify: FastifyInstance, deps: { rules: AccessRulesService; remoteStart: DriverRemoteStart }): void {
  const { rules, remoteStart } = deps;

  fastify.get<{ Params: { id: string } }>('/api/sites/:id/access', {
    config: { roles: READ_ROLES },
    schema: { tags: ['access'], summary: 'Who may charge at a site', params: siteParams, response: { 200: ok('AccessRuleView'), ...errors(400, 404) } },
  }, async (request) => view(await rules.forSite(request.params.id)));

  fastify.put<{ Params: { id: string }; Body: AccessRuleRequest }>('/api/sites/:id/access', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['access'], summary: 'Set who may charge at a site (inherit: public)', params: siteParams, body: ruleBody, response: { 200: ok('AccessRuleView'), ...errors(400, 404) } },
  }, async (request) => {
    const rule = await rules.setForSite(request.params.id, request.body as AccessRuleChange, principalOf(request).name);
    await audit(request, 'access-rule.site', request.params.id, { ...request.body });
    return view(rule);
  });

  fastify.get<{ Params: { id: string } }>('/api/stations/:id/access', {
    config: { roles: READ_ROLES },
    schema: { tags: ['access'], summary: 'Who may charge at a station: its own rule, else its site\'s', params: stationParams, response: { 200: ok('AccessRuleView'), ...errors(404) } },
  }, async (request) => view(await rules.forStation(request.params.id)));

  fastify.put<{ Params: { id: string }; Body: AccessRuleRequest }>('/api/stations/:id/access', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['access'], summary: 'Set a station\'s own access rule (inherit: follow its site)', params: stationParams, body: ruleBody, response: { 200: ok('AccessRuleView'), ...errors(400, 404) } },
  }, async (request) => {
    const rule = await rules.setForStation(request.params.id, request.body as AccessRuleChange, principalOf(request).name);
    await audit(request, 'access-rule.station', request.params.id, { ...request.body });
    return view(rule);
  });

  fastify.post<{ Body: DriverRemoteStartRequest }>('/api/me/remote-start', {
    config: { roles: DRIVER_ROLES },
    schema: {
      tags: ['access'], summary: 'Start charging with one of my tokens (drivers); answers with the station\'s real answer',
      body: {
        type: 'object', required: ['stationId', 'tokenId'], additionalProperties: false,
        properties: {
          stationId: { type: 'string', minLength: 1, maxLength: 100 }, tokenId: { type: 'string', minLength: 1, maxLength: 36 },
          evseId: { type: 'integer', minimum: 1, maximum: 1000 }, connectorId: { type: 'integer', minimum: 1, maximum: 1000 },
        },
      },
      response: { 200: ok('CommandResult'), ...errors(400, 403, 404, 502, 504) },
    },
  }, async (request): Promise<CommandResult> => {
    const principal = principalOf(request);
    if (principal.role !== 'driver' || principal.kind !== 'user') throw new AppError('forbidden', 'only a signed-in driver starts charging with their own tokens', 403);
    try {
      const result = await remoteStart.start({ userId: principal.id, name: principal.name }, request.body);
      await audit(request, 'driver.remote-start', request.body.stationId, { ...request.body, status: result.status });
      return result;
    } catch (error) {
      await audit(request, 'driver.remote-start', request.body.stationId, { ...request.body, refused: error instanceof AppError ? error.code : 'error' });
      throw error;
    }
  });
}
