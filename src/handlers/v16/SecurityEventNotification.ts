import type { V16Handler } from '../context.js';

/** 1.6 (Security Whitepaper) SecurityEventNotification: stored and raised as a `station.security` event. */
export const SecurityEventNotification: V16Handler<'SecurityEventNotification'> = async (ctx, request) => {
  await ctx.services.stations.securityEvent(ctx.stationId, { type: request.type, timestamp: new Date(request.timestamp), techInfo: request.techInfo });
  return {};
};
