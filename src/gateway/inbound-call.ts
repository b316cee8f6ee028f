import {
  CALLERROR, CALLRESULT, encodeCallError, encodeCallResult, errorCodeFor, OcppError,
  type CallFrame, type OcppErrorKind, type Payload,
} from '../ocpp/index.js';
import type { GatewayRuntime } from './runtime.js';
import type { StationConnection } from './types.js';

/** The text of a CALLERROR in the station's own spelling of the error code. */
export function callErrorText(connection: StationConnection, id: string, kind: OcppErrorKind, message: string, details?: Payload): string {
  return encodeCallError(id, errorCodeFor(kind, connection.version), message, details);
}

/** The reply to send for one CALL. */
export interface Answer {
  type: typeof CALLRESULT | typeof CALLERROR;
  text: string;
}

function failure(connection: StationConnection, id: string, kind: OcppErrorKind, message: string, details?: Payload): Answer {
  return { type: CALLERROR, text: callErrorText(connection, id, kind, message, details) };
}

/** What a log line about one CALL names; built only when something is logged (this path runs for every message). */
function logFields(stationId: string, frame: CallFrame): Record<string, unknown> {
  return { stationId, messageId: frame.id, action: frame.action };
}

/** Tells the `onHandled` hook how a handler went; a failing hook is logged, never the station's problem. */
function handled(rt: GatewayRuntime, action: string, startedMs: number, ok: boolean): void {
  const hook = rt.hooks.onHandled;
  if (!hook) return;
  try {
    hook.call(rt.hooks, action, (performance.now() - startedMs) / 1000, ok);
  } catch (err) {
    rt.logger.error({ err, hook: 'onHandled', action }, 'gateway hook failed');
  }
}

/**
 * Produces the answer to one station CALL: checks the action is known and handled, validates the request,
 * runs the handler and validates its result, so that only schema-valid replies ever leave. Never rejects.
 */
export async function answerCall(rt: GatewayRuntime, connection: StationConnection, frame: CallFrame, receivedAtMs: number): Promise<Answer> {
  const { version, stationId } = connection;
  const { id, action, payload } = frame;
  try {
    if (!rt.validator.knows(version, action)) {
      return failure(connection, id, 'NotImplemented', `unknown action ${action}`);
    }
    if (!rt.hooks.handles(version, action)) {
      return failure(connection, id, 'NotSupported', `${action} is not supported`);
    }
    const check = rt.validator.validate(version, action, 'request', payload);
    if (!check.ok) return failure(connection, id, check.error.kind, check.error.message, check.error.details);
  } catch (err) {
    rt.logger.error({ ...logFields(stationId, frame), err }, 'request check failed');
    return failure(connection, id, 'InternalError', 'internal error');
  }

  let result: Payload;
  const started = performance.now();
  try {
    result = await rt.hooks.handle(connection, action, payload, { messageId: id, receivedAtMs });
  } catch (err) {
    handled(rt, action, started, false);
    if (err instanceof OcppError) return failure(connection, id, err.kind, err.message, err.details);
    rt.logger.error({ ...logFields(stationId, frame), err }, 'handler failed');
    return failure(connection, id, 'InternalError', 'internal error');
  }
  handled(rt, action, started, true);

  try {
    const check = rt.validator.validate(version, action, 'response', result);
    if (!check.ok) {
      rt.logger.error({ ...logFields(stationId, frame), problem: check.error.message }, 'handler response failed validation');
      return failure(connection, id, 'InternalError', 'internal error');
    }
    return { type: CALLRESULT, text: encodeCallResult(id, result) };
  } catch (err) {
    rt.logger.error({ ...logFields(stationId, frame), err }, 'handler response could not be encoded');
    return failure(connection, id, 'InternalError', 'internal error');
  }
}
