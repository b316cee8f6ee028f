import type { V16Handler } from '../context.js';

/** 1.6 DataTransfer from the station: recorded; Accepted for our vendor id, UnknownVendorId otherwise. */
export const DataTransfer: V16Handler<'DataTransfer'> = async (ctx, request) => {
  const result = await ctx.services.stations.dataTransfer(ctx.stationId, { vendorId: request.vendorId, messageId: request.messageId, data: request.data });
  return { status: result.status };
};
