import type { V16Handler } from '../context.js';

/** 1.6 (Security Whitepaper) LogStatusNotification: progress of a GetLog upload. */
export const LogStatusNotification: V16Handler<'LogStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.logStatus(ctx.stationId, { status: request.status, requestId: request.requestId });
  return {};
};
