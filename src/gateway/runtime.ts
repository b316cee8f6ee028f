import type { Clock } from '../core/shared/clock.js';
import type { IdGenerator } from '../core/shared/ids.js';
import type { Logger } from '../core/shared/logger.js';
import type { OcppValidator } from '../ocpp/index.js';
import type { DisconnectInfo, GatewayHooks, GatewayOptions, StationConnection } from './types.js';

/** Options with every default filled in. */
export type ResolvedGatewayOptions = Required<GatewayOptions>;

/** Fills in the optional gateway settings. */
export function resolveOptions(options: GatewayOptions): ResolvedGatewayOptions {
  return {
    maxBufferedBytes: 1024 * 1024,
    outboundQueueLimit: 100,
    closeGraceMs: 2000,
    ...options,
  };
}

/**
 * What every connection of one gateway shares. Connections hold one reference to it instead of their own
 * closures and copies, which keeps an idle station's footprint small.
 */
export interface GatewayRuntime {
  readonly hooks: GatewayHooks;
  readonly validator: OcppValidator;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly options: ResolvedGatewayOptions;
  /** Told exactly once per socket, when its close event has fired. */
  socketClosed(connection: StationConnection, info: DisconnectInfo): void;
}

/**
 * Runs a hook so that neither a throw nor a rejection escapes: hooks belong to other parts and must
 * never take the gateway down. Resolves true when the hook succeeded.
 */
export async function runHook(logger: Logger, hook: string, stationId: string, fn: () => unknown): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    logger.error({ err, hook, stationId }, 'gateway hook failed');
    return false;
  }
}
