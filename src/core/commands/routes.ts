import type { FastifyInstance } from 'fastify';
import type { CommandLogEntry, CommandName, CommandRequest, CommandResult, Page } from '../../http/api-types.js';
import { auditedAction } from '../../http/auth.js';
import { COMMAND_ROLES, READ_ROLES } from '../../http/roles.js';
import { errors, idParams, ok, page, pageQuery } from '../../http/schemas.js';
import type { CommandService } from './command-service.js';

const evse = { type: 'integer', minimum: 0, maximum: 1000 } as const;
const TRIGGERABLE = ['BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'FirmwareStatusNotification', 'DiagnosticsStatusNotification', 'LogStatusNotification', 'SignChargingStationCertificate', 'TransactionEvent'];

/** Each command's body (the CommandRequest without `command`, which may be given if it matches the path). */
const BODIES: Record<CommandName, { summary: string; required: string[]; properties: Record<string, object> }> = {
  reset: { summary: 'Reset (reboot) the station', required: ['kind'], properties: { kind: { type: 'string', enum: ['soft', 'hard'] } } },
  'remote-start': {
    summary: 'Start a session for an id token', required: ['idToken'],
    properties: { idToken: { type: 'string', minLength: 1, maxLength: 36 }, evseId: evse, connectorId: evse },
  },
  'remote-stop': { summary: 'Stop a running session', required: ['sessionId'], properties: { sessionId: { type: 'integer', minimum: 1 } } },
  unlock: { summary: 'Unlock a connector', required: ['evseId', 'connectorId'], properties: { evseId: { ...evse, minimum: 1 }, connectorId: { ...evse, minimum: 1 } } },
  availability: {
    summary: 'Make the station or an EVSE operative or inoperative', required: ['availability'],
    properties: { availability: { type: 'string', enum: ['operative', 'inoperative'] }, evseId: evse, connectorId: evse },
  },
  'get-configuration': {
    summary: 'Read configuration keys (1.6) or variables (2.0.1, `Component.Variable`); all when no keys', required: [],
    properties: { keys: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 200 } } },
  },
  'change-configuration': {
    summary: 'Set one configuration key (1.6) or variable (2.0.1)', required: ['key', 'value'],
    properties: { key: { type: 'string', minLength: 1, maxLength: 200 }, value: { type: 'string', maxLength: 1000 } },
  },
  trigger: { summary: 'Ask the station to send a message now', required: ['message'], properties: { message: { type: 'string', enum: TRIGGERABLE }, evseId: evse, connectorId: evse } },
  'clear-cache': { summary: "Clear the station's authorization cache", required: [], properties: {} },
  'data-transfer': {
    summary: 'Send a vendor-specific DataTransfer', required: ['vendorId'],
    properties: { vendorId: { type: 'string', minLength: 1, maxLength: 255 }, messageId: { type: 'string', maxLength: 50 }, data: { type: 'string', maxLength: 60_000 } },
  },
};

/** Commands to stations (each waits for the station's answer) and the command log. */
export function registerCommandRoutes(fastify: FastifyInstance, deps: { commands: CommandService }): void {
  for (const [name, spec] of Object.entries(BODIES) as Array<[CommandName, (typeof BODIES)[CommandName]]>) {
    const body = { type: 'object', additionalProperties: false, required: spec.required, properties: { command: { type: 'string', enum: [name] }, ...spec.properties } };
    fastify.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(`/api/stations/:id/commands/${name}`, {
      config: { roles: COMMAND_ROLES },
      schema: {
        tags: ['commands'], summary: spec.summary, params: idParams,
        // Commands without required fields may be sent without a body.
        body: spec.required.length === 0 ? { anyOf: [body, { type: 'null' }] } : body,
        response: { 200: ok('CommandResult'), ...errors(400, 404, 409, 502, 503, 504) },
      },
    }, async (request): Promise<CommandResult> => {
      const command = { ...(request.body ?? {}), command: name } as CommandRequest;
      const sentBy = request.principal?.name ?? 'unknown';
      return auditedAction(request, 'station.command', request.params.id, { command: name }, () => deps.commands.run(request.params.id, command, sentBy));
    });
  }

  fastify.get<{ Params: { id: string }; Querystring: { cursor?: string; limit?: number } }>('/api/stations/:id/commands', {
    config: { roles: READ_ROLES },
    schema: {
      tags: ['commands'], summary: 'Commands sent to the station, newest first, with who sent them and the answer', params: idParams,
      querystring: { type: 'object', properties: { ...pageQuery } }, response: { 200: page('Page<CommandLogEntry>'), ...errors(400) },
    },
  }, async (request): Promise<Page<CommandLogEntry>> => deps.commands.history(request.params.id, request.query));
}
