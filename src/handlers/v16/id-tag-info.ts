import type { AccessDecision } from '../../core/access/index.js';
import type { Ocpp16 } from '../../ocpp/index.js';

/** 1.6 IdToken (idTag, parentIdTag) is CiString20. */
const MAX_ID_TAG = 20;
type V16Status = Ocpp16.AuthorizeResponse['idTagInfo']['status'];

/**
 * 1.6 AuthorizationStatus has only Accepted, Blocked, Expired, Invalid and ConcurrentTx. The 2.0.1 refusals
 * it lacks (Unknown, NoCredit, NotAllowedTypeEVSE, NotAtThisLocation, NotAtThisTime) are sent as Invalid, as
 * is common practice for 1.6 central systems; the real reason is in the log and the authorization event.
 */
export function toV16Status(status: AccessDecision['status']): V16Status {
  return status === 'Accepted' || status === 'Blocked' || status === 'Expired' || status === 'ConcurrentTx' ? status : 'Invalid';
}

/** Translates a verdict to 1.6 IdTagInfo. */
export function toIdTagInfo(result: AccessDecision): Ocpp16.AuthorizeResponse['idTagInfo'] {
  return {
    status: toV16Status(result.status),
    ...(result.expiresAt ? { expiryDate: result.expiresAt.toISOString() } : {}),
    ...(result.groupIdToken && result.groupIdToken.length <= MAX_ID_TAG ? { parentIdTag: result.groupIdToken } : {}),
  };
}
