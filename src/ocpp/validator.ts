import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OcppError, type OcppErrorKind } from './rpc/ocpp-error.js';
import type { Payload } from './rpc/frame.js';
import type { OcppVersion } from './rpc/version.js';
import { actionsWithSchemas, loadSchema } from './schemas.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Which side of an exchange a payload is. */
export type PayloadKind = 'request' | 'response';

/** The result of validating one payload. */
export type ValidationResult = { ok: true } | { ok: false; error: OcppError };

/** The result of every valid payload (shared: one is checked for every frame in and every answer out). */
const VALID: ValidationResult = Object.freeze({ ok: true });

/** Maps Ajv's first failed keyword onto the OCPP error kinds (OCPP-J 1.6 4.2.3, 2.0.1 Part 4 4.3). */
function kindOf(error: ErrorObject): OcppErrorKind {
  switch (error.keyword) {
    case 'required':
    case 'minItems':
    case 'maxItems':
      return 'OccurrenceConstraintViolation';
    case 'type':
      return 'TypeConstraintViolation';
    case 'format':
      // An integer beyond 32 bits is not of OCPP's integer type.
      return (error.params as { format?: string }).format === 'int32' ? 'TypeConstraintViolation' : 'PropertyConstraintViolation';
    case 'additionalProperties':
      return 'FormatViolation';
    default:
      return 'PropertyConstraintViolation';
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '(payload)';
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown property ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/**
 * 1.6 meter registers in Wh: an integer by the schema, but a busy DC charger's lifetime register passes
 * 2^31 Wh (2.1 GWh) within years, and they are stored as double precision.
 */
const WIDE_INTEGERS = new Set(['meterStart', 'meterStop']);

/**
 * OCPP's integer is 32-bit signed (1.6 and 2.0.1 alike), which the schemas do not say: every integer
 * property without a format of its own (but the meter registers) gets `int32`, so an id beyond it is
 * refused at the gateway rather than failing the store's write of a batch shared with other stations.
 */
function withInt32(node: unknown, name?: string): void {
  if (Array.isArray(node)) {
    for (const item of node) withInt32(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'integer' && schema.format === undefined && !(name !== undefined && WIDE_INTEGERS.has(name))) schema.format = 'int32';
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      for (const [property, sub] of Object.entries(value)) withInt32(sub, property);
    } else {
      withInt32(value);
    }
  }
}

/**
 * Validates OCPP payloads against the official schemas. Each schema is compiled once, on first use
 * (or up front with `warmUp`), and never coerces or fills in values.
 */
export class OcppValidator {
  private readonly ajv: Ajv;
  /** Compiled schemas by version, then action: no key text is built per frame. */
  private readonly compiled = new Map<OcppVersion, Map<string, Partial<Record<PayloadKind, ValidateFunction>>>>();

  constructor() {
    this.ajv = new Ajv({ strict: true, strictRequired: false, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false, validateFormats: true });
    addFormats(this.ajv);
    // Real stations often omit the zone designator; such timestamps are read as UTC rather than refused.
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i);
    this.ajv.addKeyword('javaType');
    this.ajv.addKeyword('comment');
  }

  /** True when the version defines this action at all (in either direction). */
  knows(version: OcppVersion, action: string): boolean {
    return actionsWithSchemas(version).has(action);
  }

  /** Compiles the named schemas now, so the first real message does not pay for it. */
  warmUp(version: OcppVersion, actions: Iterable<string>): void {
    for (const action of actions) {
      this.get(version, action, 'request');
      this.get(version, action, 'response');
    }
  }

  /** Validates one payload; unknown actions are reported as NotImplemented. */
  validate(version: OcppVersion, action: string, kind: PayloadKind, payload: Payload): ValidationResult {
    if (!this.knows(version, action)) {
      return { ok: false, error: new OcppError('NotImplemented', `unknown action ${action}`) };
    }
    const fn = this.get(version, action, kind);
    if (fn(payload)) return VALID;
    const first = fn.errors?.[0];
    if (!first) return { ok: false, error: new OcppError('FormatViolation', `${action} ${kind} is invalid`) };
    return {
      ok: false,
      error: new OcppError(kindOf(first), `${action}: ${describe(first)}`, { path: first.instancePath, keyword: first.keyword }),
    };
  }

  private get(version: OcppVersion, action: string, kind: PayloadKind): ValidateFunction {
    let byAction = this.compiled.get(version);
    if (!byAction) this.compiled.set(version, (byAction = new Map()));
    let pair = byAction.get(action);
    if (!pair) byAction.set(action, (pair = {}));
    let fn = pair[kind];
    if (!fn) {
      const schema = loadSchema(version, action, kind);
      delete schema.$schema;
      delete schema.$id;
      delete schema.id;
      withInt32(schema);
      fn = this.ajv.compile(schema);
      pair[kind] = fn;
    }
    return fn;
  }
}
