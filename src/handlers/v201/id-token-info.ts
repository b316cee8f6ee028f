import type { AccessDecision } from '../../core/access/index.js';
import type { Ocpp201 } from '../../ocpp/index.js';

/** Translates a verdict to 2.0.1 IdTokenInfo: every AuthorizationStatusEnumType value goes through as it is. */
export function toIdTokenInfo(result: AccessDecision): Ocpp201.AuthorizeResponse['idTokenInfo'] {
  return {
    status: result.status,
    ...(result.expiresAt ? { cacheExpiryDateTime: result.expiresAt.toISOString() } : {}),
    ...(result.groupIdToken ? { groupIdToken: { idToken: result.groupIdToken, type: 'Central' as const } } : {}),
  };
}
