import type { V201Handler } from '../context.js';

/** 2.0.1 NotifyEvent (N07): each monitoring event is stored as sent and raised as a `station.event`. */
export const NotifyEvent: V201Handler<'NotifyEvent'> = async (ctx, request) => {
  await ctx.services.stations.stationEvents(ctx.stationId, {
    generatedAt: new Date(request.generatedAt),
    seqNo: request.seqNo,
    tbc: request.tbc,
    events: request.eventData,
  });
  return {};
};
