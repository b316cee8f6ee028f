import type { FastifyInstance } from 'fastify';
import type { RemediationRequest, RemediationResult } from '../../http/api-types.js';
import { audit, principalOf } from '../../http/auth.js';
import { COMMAND_ROLES } from '../../http/roles.js';
import { errors, ok } from '../../http/schemas.js';
import { REMEDIATION_ACTIONS } from '../alerts/index.js';
import type { RemediationService } from './remediation-service.js';

const incidentParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9_007_199_254_740_991 } } } as const;

/** Running one remediation step on an incident by hand. */
export function registerRemediationRoutes(fastify: FastifyInstance, deps: { remediation: RemediationService }): void {
  fastify.post<{ Params: { id: number }; Body: RemediationRequest }>('/api/incidents/:id/remediation', {
    config: { roles: COMMAND_ROLES },
    schema: {
      tags: ['incidents'],
      summary: "Run one remediation step on the incident's station now and return the station's answer (guards apply; force: admins and operators pass the daily reset limit)",
      params: incidentParams,
      body: { type: 'object', additionalProperties: false, required: ['action'], properties: { action: { type: 'string', enum: REMEDIATION_ACTIONS }, force: { type: 'boolean' } } },
      response: { 200: ok('RemediationResult'), ...errors(400, 404, 409) },
    },
  }, async (request): Promise<RemediationResult> => {
    const p = principalOf(request);
    const result = await deps.remediation.runByHand(request.params.id, request.body.action, {
      name: p.name, automatic: false, ticketActor: { id: p.id, name: p.name, role: p.role, machine: p.kind === 'token' }, force: request.body.force === true,
    });
    await audit(request, 'incident.remediation', String(request.params.id), { action: result.action, outcome: result.outcome, answer: result.answer, guard: result.guard, force: request.body.force === true });
    return result;
  });
}
