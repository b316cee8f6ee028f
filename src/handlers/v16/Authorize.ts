import type { V16Handler } from '../context.js';
import { toIdTagInfo } from './id-tag-info.js';

/** 1.6 Authorize: asks the token service about the idTag. */
export const Authorize: V16Handler<'Authorize'> = async (ctx, request) => {
  const result = await ctx.services.tokens.authorize(request.idTag, { stationId: ctx.stationId });
  return { idTagInfo: toIdTagInfo(result) };
};
