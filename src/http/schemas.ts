/**
 * JSON-schema building blocks for route declarations: Fastify validates requests with them (a failure is a
 * 400 ApiError) and the OpenAPI document at /docs is generated from them.
 */

/** The ApiError shape, registered once as a shared schema. */
export const apiErrorSchema = {
  $id: 'ApiError',
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: true } },
    },
  },
} as const;

const error = (description: string) => ({ description, $ref: 'ApiError#' });

/** Error responses a route may give, by status. */
export function errors(...statuses: Array<400 | 401 | 403 | 404 | 409 | 502 | 503 | 504>): Record<number, object> {
  const text: Record<number, string> = {
    400: 'Invalid request', 401: 'Not authenticated', 403: 'Not allowed for this role', 404: 'Not found', 409: 'Conflicts with the current state',
    502: 'The station answered with an error (CALLERROR) or an invalid payload', 503: 'The station has too many commands waiting',
    504: 'The station is not connected or did not answer in time',
  };
  const out: Record<number, object> = { 401: error(text[401]!), 403: error(text[403]!) };
  for (const s of statuses) out[s] = error(text[s]!);
  return out;
}

/** A JSON object answer (its shape is the named type of src/http/api-types.ts). */
export function ok(description: string): object {
  return { description, type: 'object', additionalProperties: true };
}

/** An answer without a body. */
export const noContent = { description: 'Done; no content', type: 'null' } as const;

/** A page of a list (`Page<T>` of api-types). */
export function page(description: string): object {
  return {
    description, type: 'object', additionalProperties: true,
    properties: { items: { type: 'array', items: { type: 'object', additionalProperties: true } }, nextCursor: { type: ['string', 'null'] }, total: { type: 'integer' } },
  };
}

/** `:id` path parameter. */
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

/** `cursor` and `limit` query parameters. */
export const pageQuery = {
  cursor: { type: 'string', maxLength: 500, description: 'nextCursor of the previous page' },
  limit: { type: 'integer', minimum: 1, maximum: 1000 },
} as const;

// Nullable values use type arrays, not anyOf: with type coercion on, anyOf would turn null into '' or 0.
/** A nullable number in a range. */
export const nullableNumber = (minimum: number, maximum: number) => ({ type: ['number', 'null'], minimum, maximum });

/** A nullable string. */
export const nullableString = (maxLength: number, more: Record<string, unknown> = {}) => ({ type: ['string', 'null'], maxLength, ...more });
