import type { AuthorizationResult } from '../../core/tokens/index.js';
import type { Ocpp201 } from '../../ocpp/index.js';

/** Translates a token verdict to 2.0.1 IdTokenInfo; a token not in the database is Unknown unless the policy accepts it. */
export function toIdTokenInfo(result: AuthorizationResult): Ocpp201.AuthorizeResponse['idTokenInfo'] {
  const status = !result.known && result.status === 'Invalid' ? 'Unknown' : result.status;
  return {
    status,
    ...(result.expiresAt ? { cacheExpiryDateTime: result.expiresAt.toISOString() } : {}),
    ...(result.groupId ? { groupIdToken: { idToken: result.groupId, type: 'Central' as const } } : {}),
  };
}
