import type { V201Handler } from '../context.js';
import { toIdTokenInfo } from './id-token-info.js';

/** 2.0.1 Authorize (C01): asks the token service about the idToken. Certificate checks (ISO 15118) are not offered. */
export const Authorize: V201Handler<'Authorize'> = async (ctx, request) => {
  const result = await ctx.services.tokens.authorize(request.idToken.idToken, { stationId: ctx.stationId, type: request.idToken.type });
  return { idTokenInfo: toIdTokenInfo(result) };
};
