/** The protocol layer: framing, errors, versions, schema validation and message types. No I/O. */
export * from './rpc/frame.js';
export * from './rpc/ocpp-error.js';
export * from './rpc/version.js';
export { OcppValidator, type ValidationResult, type PayloadKind } from './validator.js';
export type * from './v16/types.js';
export type * from './v201/types.js';
