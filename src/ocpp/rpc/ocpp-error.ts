import type { OcppVersion } from './version.js';

/**
 * Version-neutral CALLERROR kinds. They are spelled the 2.0.1 way here and translated to the 1.6
 * spelling on the wire by `errorCodeFor` (1.6 says FormationViolation and OccurenceConstraintViolation).
 */
export type OcppErrorKind =
  | 'FormatViolation'
  | 'GenericError'
  | 'InternalError'
  | 'MessageTypeNotSupported'
  | 'NotImplemented'
  | 'NotSupported'
  | 'OccurrenceConstraintViolation'
  | 'PropertyConstraintViolation'
  | 'ProtocolError'
  | 'RpcFrameworkError'
  | 'SecurityError'
  | 'TypeConstraintViolation';

/** The error codes OCPP 1.6J defines (section 4.2.3 of the 1.6 JSON spec), as spelled there. */
export const V16_ERROR_CODES = [
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError',
] as const;

/** The error codes OCPP 2.0.1 defines (Part 4, 4.3). */
export const V201_ERROR_CODES = [
  'FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented', 'NotSupported',
  'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError', 'RpcFrameworkError',
  'SecurityError', 'TypeConstraintViolation',
] as const;

/** The wire spelling of an error kind for one protocol version. */
export function errorCodeFor(kind: OcppErrorKind, version: OcppVersion): string {
  if (version === '2.0.1') return kind;
  switch (kind) {
    case 'FormatViolation': return 'FormationViolation';
    case 'OccurrenceConstraintViolation': return 'OccurenceConstraintViolation';
    // 1.6 has neither: the nearest 1.6 codes.
    case 'RpcFrameworkError': return 'FormationViolation';
    case 'MessageTypeNotSupported': return 'ProtocolError';
    default: return kind;
  }
}

/** An error that becomes a CALLERROR for the message being handled. */
export class OcppError extends Error {
  constructor(
    readonly kind: OcppErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OcppError';
  }
}
