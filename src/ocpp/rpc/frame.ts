import { OcppError } from './ocpp-error.js';

/** OCPP-J message type ids. */
export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

/** A JSON object payload. Values are unknown until validated against a schema. */
export type Payload = Record<string, unknown>;

export interface CallFrame { type: typeof CALL; id: string; action: string; payload: Payload }
export interface CallResultFrame { type: typeof CALLRESULT; id: string; payload: Payload }
export interface CallErrorFrame { type: typeof CALLERROR; id: string; code: string; description: string; details: Payload }
export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/**
 * The outcome of reading one text frame. `error` frames carry the id to answer with; `drop` means no
 * message id could be read, so there is nobody to answer (the frame is logged and dropped).
 */
export type ParseResult =
  | { kind: 'frame'; frame: Frame }
  | { kind: 'error'; id: string; error: OcppError; action?: string }
  | { kind: 'drop'; reason: string };

function isObject(v: unknown): v is Payload {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads one OCPP-J text frame without trusting any part of it. Never throws. */
export function parseFrame(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'drop', reason: 'not JSON' };
  }
  if (!Array.isArray(raw)) return { kind: 'drop', reason: 'not an array' };
  const [type, rawId] = raw as unknown[];
  let id: string;
  if (typeof rawId === 'string') id = rawId;
  else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
    return { kind: 'error', id: String(rawId), error: new OcppError('RpcFrameworkError', 'message id must be a string') };
  } else return { kind: 'drop', reason: 'no readable message id' };
  if (id.length === 0 || id.length > 36) {
    return { kind: 'error', id, error: new OcppError('RpcFrameworkError', 'message id must be 1 to 36 characters') };
  }

  switch (type) {
    case CALL: {
      const action = raw[2];
      const payload = raw[3];
      if (raw.length !== 4) return { kind: 'error', id, error: new OcppError('RpcFrameworkError', 'a CALL has exactly 4 elements') };
      if (typeof action !== 'string' || action.length === 0) {
        return { kind: 'error', id, error: new OcppError('RpcFrameworkError', 'action must be a non-empty string') };
      }
      if (!isObject(payload)) {
        return { kind: 'error', id, action, error: new OcppError('FormatViolation', 'payload must be a JSON object') };
      }
      return { kind: 'frame', frame: { type: CALL, id, action, payload } };
    }
    case CALLRESULT: {
      const payload = raw[2];
      if (raw.length !== 3 || !isObject(payload)) return { kind: 'drop', reason: 'malformed CALLRESULT' };
      return { kind: 'frame', frame: { type: CALLRESULT, id, payload } };
    }
    case CALLERROR: {
      const [, , code, description, details] = raw as unknown[];
      if (typeof code !== 'string') return { kind: 'drop', reason: 'malformed CALLERROR' };
      return {
        kind: 'frame',
        frame: {
          type: CALLERROR, id, code,
          description: typeof description === 'string' ? description : '',
          details: isObject(details) ? details : {},
        },
      };
    }
    default:
      return { kind: 'error', id, error: new OcppError('MessageTypeNotSupported', `message type ${JSON.stringify(type)} is not supported`) };
  }
}

/** Serialises a CALL. */
export function encodeCall(id: string, action: string, payload: Payload): string {
  return JSON.stringify([CALL, id, action, payload]);
}

/** Serialises a CALLRESULT. */
export function encodeCallResult(id: string, payload: Payload): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

/** Serialises a CALLERROR; the description is cut to 255 characters as the spec allows. */
export function encodeCallError(id: string, code: string, description: string, details: Payload = {}): string {
  return JSON.stringify([CALLERROR, id, code, description.slice(0, 255), details]);
}
