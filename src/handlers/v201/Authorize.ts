import type { V201Handler } from '../context.js';
import { toIdTokenInfo } from './id-token-info.js';

/**
 * 2.0.1 Authorize (C01): the access decider judges the idToken at this station (status, expiry, access rule,
 * limits). Certificate checks (ISO 15118) are not offered.
 */
export const Authorize: V201Handler<'Authorize'> = async (ctx, request) => {
  const { idToken, type } = request.idToken;
  const result = type === 'NoAuthorization'
    ? { status: 'Accepted' as const, reason: 'a NoAuthorization id token needs no check', known: true }
    : await ctx.services.access.decide({ idToken, tokenType: type, stationId: ctx.stationId, at: ctx.receivedAt, where: 'authorize' });
  return { idTokenInfo: toIdTokenInfo(result) };
};
