import { OcppError, type OcppVersion, type Payload } from '../ocpp/index.js';
import type { Logger } from '../core/shared/logger.js';
import type { HandlerContext, HandlerServices, V16HandlerTable, V201HandlerTable } from './context.js';
import { v16Handlers } from './v16/index.js';
import { v201Handlers } from './v201/index.js';

/** Actions a station may send before an operator has accepted it (OCPP 1.6 4.2.1, 2.0.1 B02). */
const ALLOWED_WHILE_NOT_ACCEPTED = new Set(['BootNotification', 'Heartbeat']);

type AnyHandler = (ctx: HandlerContext, request: Payload) => Promise<Payload>;

/** Routes validated requests to the handler of their version and action. */
export interface Dispatcher {
  handles(version: OcppVersion, action: string): boolean;
  handle(stationId: string, version: OcppVersion, action: string, payload: Payload, meta: { messageId: string; receivedAt: Date }): Promise<Payload>;
}

/** Builds the dispatcher over the routing tables; the tables are injectable for tests. */
export function createDispatcher(deps: { services: HandlerServices; logger: Logger; tables?: { v16: V16HandlerTable; v201: V201HandlerTable } }): Dispatcher {
  const tables = (deps.tables ?? { v16: v16Handlers, v201: v201Handlers }) as unknown as Record<'v16' | 'v201', Record<string, AnyHandler | undefined>>;
  const tableFor = (version: OcppVersion) => (version === '1.6' ? tables.v16 : tables.v201);
  return {
    handles: (version, action) => typeof tableFor(version)[action] === 'function',
    async handle(stationId, version, action, payload, meta) {
      const handler = tableFor(version)[action];
      if (!handler) throw new OcppError('NotSupported', `${action} is not supported`);
      if (!ALLOWED_WHILE_NOT_ACCEPTED.has(action)) deps.services.stations.assertAccepted(stationId);
      let log: Logger | undefined;
      const ctx: HandlerContext = {
        stationId,
        messageId: meta.messageId,
        receivedAt: meta.receivedAt,
        // Most messages never log: bind the child logger only when a handler asks for it.
        get log() {
          return (log ??= deps.logger.child({ stationId, messageId: meta.messageId, action }));
        },
        services: deps.services,
      };
      return handler(ctx, payload);
    },
  };
}
