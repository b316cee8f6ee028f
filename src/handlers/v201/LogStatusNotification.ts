import type { V201Handler } from '../context.js';

/** 2.0.1 LogStatusNotification (N01): progress of a GetLog upload. */
export const LogStatusNotification: V201Handler<'LogStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.logStatus(ctx.stationId, { status: request.status, requestId: request.requestId });
  return {};
};
