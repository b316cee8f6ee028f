import { OcppError, type Payload, type V16CommandRequest, type V16CommandResponse, type V201CommandRequest, type V201CommandResponse } from '../ocpp/index.js';
import type { StationControl } from './protocol.js';

function needSupport(s: StationControl, action: string): void {
  if (!s.localList.supported) throw new OcppError('NotSupported', `${action} is not supported by this station`);
}

/** Answers 1.6 SendLocalList and GetLocalListVersion (Local Auth List Management profile). */
export function answerV16LocalList(s: StationControl, action: 'SendLocalList' | 'GetLocalListVersion', payload: Payload): object {
  needSupport(s, action);
  if (action === 'GetLocalListVersion') return { listVersion: s.localList.version } satisfies V16CommandResponse<'GetLocalListVersion'>;
  // The link has validated the payload against the official schema before it gets here.
  const req = payload as unknown as V16CommandRequest<'SendLocalList'>;
  const items = (req.localAuthorizationList ?? []).map((e) => ({
    idToken: e.idTag, status: e.idTagInfo?.status, expiresAt: typeof e.idTagInfo?.expiryDate === 'string' ? e.idTagInfo.expiryDate : undefined,
  }));
  return { status: s.localList.apply(req.updateType, req.listVersion, items) } satisfies V16CommandResponse<'SendLocalList'>;
}

/** Answers 2.0.1 SendLocalList and GetLocalListVersion (functional block D). */
export function answerV201LocalList(s: StationControl, action: 'SendLocalList' | 'GetLocalListVersion', payload: Payload): object {
  needSupport(s, action);
  if (action === 'GetLocalListVersion') return { versionNumber: s.localList.version } satisfies V201CommandResponse<'GetLocalListVersion'>;
  const req = payload as unknown as V201CommandRequest<'SendLocalList'>;
  const items = (req.localAuthorizationList ?? []).map((e) => ({ idToken: e.idToken.idToken, status: e.idTokenInfo?.status, expiresAt: e.idTokenInfo?.cacheExpiryDateTime }));
  return { status: s.localList.apply(req.updateType, req.versionNumber, items) } satisfies V201CommandResponse<'SendLocalList'>;
}
