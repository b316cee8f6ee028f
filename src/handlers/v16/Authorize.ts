import type { V16Handler } from '../context.js';
import { toIdTagInfo } from './id-tag-info.js';

/** 1.6 Authorize: the access decider judges the idTag at this station (status, expiry, access rule, limits). */
export const Authorize: V16Handler<'Authorize'> = async (ctx, request) => {
  const result = await ctx.services.access.decide({ idToken: request.idTag, stationId: ctx.stationId, at: ctx.receivedAt, where: 'authorize' });
  return { idTagInfo: toIdTagInfo(result) };
};
