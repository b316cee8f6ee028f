import type { AuthorizationResult } from '../../core/tokens/index.js';
import type { Ocpp16 } from '../../ocpp/index.js';

/** 1.6 IdToken (idTag, parentIdTag) is CiString20. */
const MAX_ID_TAG = 20;

/** Translates a token verdict to 1.6 IdTagInfo (1.6 has no Unknown: an unknown token is Invalid). */
export function toIdTagInfo(result: AuthorizationResult): Ocpp16.AuthorizeResponse['idTagInfo'] {
  return {
    status: result.status === 'Unknown' ? 'Invalid' : result.status,
    ...(result.expiresAt ? { expiryDate: result.expiresAt.toISOString() } : {}),
    ...(result.groupId && result.groupId.length <= MAX_ID_TAG ? { parentIdTag: result.groupId } : {}),
  };
}
