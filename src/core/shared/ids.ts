import { randomBytes, randomUUID } from 'node:crypto';

/** Source of identifiers, injected so tests can make them predictable. */
export interface IdGenerator {
  /** A UUID v4, e.g. for OCPP message ids and 2.0.1 transaction ids. */
  uuid(): string;
  /** A url-safe random token of `bytes` bytes of entropy. */
  token(bytes?: number): string;
}

/** Cryptographically random ids. */
export const randomIds: IdGenerator = {
  uuid: () => randomUUID(),
  token: (bytes = 18) => randomBytes(bytes).toString('base64url'),
};

/** Counting ids for tests: `id-1`, `id-2`, ... */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return {
    uuid: () => `${prefix}-${++n}`,
    token: () => `${prefix}-tok-${++n}`,
  };
}
