import type { V201Handler } from '../context.js';

/** 2.0.1 SecurityEventNotification (A04): stored and raised as a `station.security` event. */
export const SecurityEventNotification: V201Handler<'SecurityEventNotification'> = async (ctx, request) => {
  await ctx.services.stations.securityEvent(ctx.stationId, { type: request.type, timestamp: new Date(request.timestamp), techInfo: request.techInfo });
  return {};
};
