import { OcppError, type OcppVersion, type Payload } from '../ocpp/index.js';
import type { Logger } from '../core/shared/logger.js';
import type { HandlerContext, HandlerServices, V16HandlerTable, V201HandlerTable } from './context.js';
import { v16Handlers } from './v16/index.js';
import { v201Handlers } from './v201/index.js';

/** Actions a station may send before an operator has accepted it (OCPP 1.6 4.2.1, 2.0.1 B02). */
const ALLOWED_WHILE_NOT_ACCEPTED = new Set(['BootNotification', 'Heartbeat']);

type AnyHandler = (ctx: HandlerContext, request: Payload) => Promise<Payload>;

/**
 * What a handler knows about one message. A class, not an object literal with a getter: one is built for
 * every station message, and the literal's getter was a new closure each time.
 */
class MessageContext implements HandlerContext {
  private child: Logger | undefined;

  constructor(
    readonly stationId: string,
    readonly messageId: string,
    readonly receivedAt: Date,
    private readonly action: string,
    readonly services: HandlerServices,
    private readonly logger: Logger,
  ) {}

  /** Most messages never log: the child logger is bound only when a handler asks for it. */
  get log(): Logger {
    return (this.child ??= this.logger.child({ stationId: this.stationId, messageId: this.messageId, action: this.action }));
  }
}

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
      return handler(new MessageContext(stationId, meta.messageId, meta.receivedAt, action, deps.services, deps.logger), payload);
    },
  };
}
