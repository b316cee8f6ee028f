import type { FastifyInstance } from 'fastify';
import type {
  AlertRule, AlertRuleChange, AlertRuleSiteChange, AlertRuleSiteOverrideView, AssignableUser, AssignIncidentRequest, IncidentCounts, IncidentDetailView, IncidentNoteRequest,
  IncidentQuery, IncidentView, Page, ResolveIncidentRequest, SiteRemediationRequest, SiteRemediationView, StationHealthItem, StationHealthQuery,
} from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { COMMAND_ROLES, MANAGE_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, noContent, ok, page, pageQuery } from '../../http/schemas.js';
import { pageLimit } from '../shared/pagination.js';
import { CHANNELS, REMEDIATION_ACTIONS, SEVERITIES } from './alerts.js';
import type { IncidentQueries } from './incident-queries.js';
import type { IncidentService } from './incident-service.js';
import type { RuleSettingsService } from './rule-settings-service.js';

const incidentParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } } } as const;
const ruleParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const ruleSiteParams = { type: 'object', required: ['key', 'siteId'], properties: { key: ruleParams.properties.key, siteId: { type: 'string', format: 'uuid' } } } as const;
const siteParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const severity = { type: 'string', enum: SEVERITIES } as const;
const params = { type: 'object', maxProperties: 50, additionalProperties: { anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string', maxLength: 200 }] }, description: 'only the parameters the rule defines, with their types' } as const;
const ladder = {
  type: 'object', additionalProperties: false, required: ['enabled', 'steps'],
  properties: {
    enabled: { type: 'boolean' },
    steps: {
      type: 'array', maxItems: 10,
      items: { type: 'object', additionalProperties: false, required: ['action', 'afterS'], properties: { action: { type: 'string', enum: REMEDIATION_ACTIONS }, afterS: { type: 'integer', minimum: 0 } } },
    },
  },
} as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;

/** Incidents (list, detail, actions, counts), the station health list, alert rules and their site overrides. */
export function registerAlertRoutes(fastify: FastifyInstance, deps: { incidents: IncidentService; queries: IncidentQueries; rules: RuleSettingsService }): void {
  const { incidents, queries, rules } = deps;

  fastify.get<{ Querystring: IncidentQuery }>('/api/incidents', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['health'], summary: 'Incidents, worst severity first, then oldest first (unresolved ones by default)',
      querystring: {
        type: 'object',
        properties: {
          state: { type: 'string', maxLength: 100, description: 'comma-separated: open, acknowledged, resolved (default open,acknowledged)' },
          severity: { type: 'string', maxLength: 100, description: 'comma-separated: info, warning, critical' },
          siteId: { type: 'string', format: 'uuid' }, stationId: { type: 'string', maxLength: 100 }, ruleKey: { type: 'string', maxLength: 100 },
          assigneeId: { type: 'string', maxLength: 100 }, mine: { type: 'boolean', description: 'only incidents assigned to the caller' }, ...pageQuery,
        },
      },
      response: { 200: page('Page<IncidentView>'), ...errors(400) },
    },
  }, async (request): Promise<Page<IncidentView>> => {
    const q = request.query;
    const assigneeId = q.mine === true ? principalOf(request).id : q.assigneeId;
    return queries.list({ ...q, assigneeId, limit: pageLimit(q.limit, 50, 500) });
  });

  fastify.get('/api/incident-counts', {
    config: { roles: READ_ROLES },
    schema: { tags: ['health'], summary: 'Unresolved incidents by state and severity', response: { 200: ok('IncidentCounts') } },
  }, async (): Promise<IncidentCounts> => queries.counts());

  fastify.get<{ Params: { id: number } }>('/api/incidents/:id', {
    config: { roles: READ_ROLES },
    schema: { tags: ['health'], summary: 'One incident with its timeline', params: incidentParams, response: { 200: ok('IncidentDetailView'), ...errors(400, 404) } },
  }, async (request): Promise<IncidentDetailView> => queries.detail(request.params.id));

  fastify.post<{ Params: { id: number } }>('/api/incidents/:id/acknowledge', {
    config: { roles: COMMAND_ROLES },
    schema: { tags: ['health'], summary: 'Acknowledge an incident (it stops escalating)', params: incidentParams, response: { 200: ok('IncidentView'), ...errors(400, 404, 409) } },
  }, async (request): Promise<IncidentView> => {
    const incident = await incidents.acknowledge(request.params.id, principalOf(request).name);
    await audit(request, 'incident.acknowledged', String(incident.id));
    return queries.present(incident);
  });

  fastify.post<{ Params: { id: number }; Body: ResolveIncidentRequest }>('/api/incidents/:id/resolve', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['health'], summary: 'Resolve an incident by hand, saying what was done', params: incidentParams,
      body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note: text(2000) } },
      response: { 200: ok('IncidentView'), ...errors(400, 404, 409) },
    },
  }, async (request): Promise<IncidentView> => {
    const incident = await incidents.resolve(request.params.id, request.body.note, principalOf(request).name);
    await audit(request, 'incident.resolved', String(incident.id), { note: incident.resolutionNote });
    return queries.present(incident);
  });

  fastify.post<{ Params: { id: number }; Body: AssignIncidentRequest }>('/api/incidents/:id/assign', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['health'], summary: 'Assign an incident to a user (admin, operator or technician), or unassign it with null', params: incidentParams,
      body: { type: 'object', additionalProperties: false, required: ['userId'], properties: { userId: { type: ['string', 'null'], minLength: 1, maxLength: 100 } } },
      response: { 200: ok('IncidentView'), ...errors(400, 404, 409) },
    },
  }, async (request): Promise<IncidentView> => {
    const incident = await incidents.assign(request.params.id, request.body.userId, principalOf(request).name);
    await audit(request, 'incident.assigned', String(incident.id), { assigneeId: incident.assigneeId });
    return queries.present(incident);
  });

  fastify.post<{ Params: { id: number }; Body: IncidentNoteRequest }>('/api/incidents/:id/notes', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['health'], summary: 'Add a note to an incident\'s timeline', params: incidentParams,
      body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: text(4000) } },
      response: { 200: ok('IncidentView'), ...errors(400, 404) },
    },
  }, async (request): Promise<IncidentView> => {
    const incident = await incidents.addNote(request.params.id, request.body.text, principalOf(request).name);
    await audit(request, 'incident.noted', String(incident.id));
    return queries.present(incident);
  });

  fastify.get<{ Querystring: StationHealthQuery }>('/api/health/stations', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['health'], summary: 'Stations with an unresolved incident or one in the last 30 days: open count, worst severity, last fault',
      querystring: { type: 'object', properties: { siteId: { type: 'string', format: 'uuid' }, stationId: { type: 'string', maxLength: 100 }, ...pageQuery } },
      response: { 200: page('Page<StationHealthItem>'), ...errors(400) },
    },
  }, async (request): Promise<Page<StationHealthItem>> => queries.stationHealth({ ...request.query, limit: pageLimit(request.query.limit, 50, 500) }));

  fastify.get('/api/users/assignable', {
    config: { roles: COMMAND_ROLES },
    schema: { tags: ['health'], summary: 'Users who may be assigned incidents and tickets', response: { 200: { description: 'AssignableUser[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<AssignableUser[]> => queries.assignableUsers());

  fastify.get('/api/alert-rules', {
    config: { roles: READ_ROLES },
    schema: { tags: ['health'], summary: 'Every alert rule with its settings and site overrides', response: { 200: { description: 'AlertRule[]', type: 'array', items: { type: 'object', additionalProperties: true } } } },
  }, async (): Promise<AlertRule[]> => rules.list());

  fastify.put<{ Params: { key: string }; Body: AlertRuleChange }>('/api/alert-rules/:key', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['health'], summary: 'Change a rule\'s network settings (absent fields stay; params replace only the keys given)', params: ruleParams,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          enabled: { type: 'boolean' }, severity, escalateAfterMin: { type: ['integer', 'null'], minimum: 1, maximum: 10_080 }, params,
          channels: { type: 'array', maxItems: CHANNELS.length, items: { type: 'string', enum: CHANNELS } }, remediation: ladder,
        },
      },
      response: { 200: ok('AlertRule'), ...errors(400, 404) },
    },
  }, async (request): Promise<AlertRule> => {
    const rule = await rules.update(request.params.key, request.body, principalOf(request).name);
    await audit(request, 'alert_rule.updated', rule.key, { ...request.body });
    return rule;
  });

  fastify.get<{ Params: { key: string; siteId: string } }>('/api/alert-rules/:key/sites/:siteId', {
    config: { roles: READ_ROLES },
    schema: { tags: ['health'], summary: 'A site\'s overrides of a rule', params: ruleSiteParams, response: { 200: ok('AlertRuleSiteOverride'), ...errors(400, 404) } },
  }, async (request): Promise<AlertRuleSiteOverrideView> => rules.siteOverride(request.params.key, request.params.siteId));

  fastify.put<{ Params: { key: string; siteId: string }; Body: AlertRuleSiteChange }>('/api/alert-rules/:key/sites/:siteId', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['health'], summary: 'Set a site\'s overrides of a rule (null keeps the network setting)', params: ruleSiteParams,
      body: { type: 'object', additionalProperties: false, properties: { enabled: { type: ['boolean', 'null'] }, severity: { type: ['string', 'null'], enum: [...SEVERITIES, null] }, params } },
      response: { 200: ok('AlertRuleSiteOverride'), ...errors(400, 404) },
    },
  }, async (request): Promise<AlertRuleSiteOverrideView> => {
    const { key, siteId } = request.params;
    const override = await rules.setSiteOverride(key, siteId, request.body, principalOf(request).name);
    await audit(request, 'alert_rule.site_override_set', key, { siteId, ...request.body });
    return override;
  });

  fastify.delete<{ Params: { key: string; siteId: string } }>('/api/alert-rules/:key/sites/:siteId', {
    config: { roles: MANAGE_ROLES },
    schema: { tags: ['health'], summary: 'Remove a site\'s overrides of a rule', params: ruleSiteParams, response: { 204: noContent, ...errors(400, 404) } },
  }, async (request, reply) => {
    const { key, siteId } = request.params;
    await rules.removeSiteOverride(key, siteId);
    await audit(request, 'alert_rule.site_override_removed', key, { siteId });
    return reply.status(204).send();
  });

  fastify.get<{ Params: { id: string } }>('/api/sites/:id/remediation', {
    config: { roles: READ_ROLES },
    schema: { tags: ['health'], summary: 'Whether automatic remediation is on at a site', params: siteParams, response: { 200: ok('SiteRemediationView'), ...errors(400) } },
  }, async (request): Promise<SiteRemediationView> => ({ siteId: request.params.id, enabled: rules.remediationAllowed(request.params.id) }));

  fastify.put<{ Params: { id: string }; Body: SiteRemediationRequest }>('/api/sites/:id/remediation', {
    config: { roles: MANAGE_ROLES },
    schema: {
      tags: ['health'], summary: 'Switch automatic remediation on or off at a site', params: siteParams,
      body: { type: 'object', additionalProperties: false, required: ['enabled'], properties: { enabled: { type: 'boolean' } } },
      response: { 200: ok('SiteRemediationView'), ...errors(400, 404) },
    },
  }, async (request): Promise<SiteRemediationView> => {
    await rules.setSiteRemediation(request.params.id, request.body.enabled, principalOf(request).name);
    await audit(request, 'site.remediation', request.params.id, { enabled: request.body.enabled });
    return { siteId: request.params.id, enabled: rules.remediationAllowed(request.params.id) };
  });
}
