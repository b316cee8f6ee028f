import type { V201Handler } from '../context.js';

/** 2.0.1 DataTransfer from the station (P02): recorded; Accepted for our vendor id, UnknownVendorId otherwise. */
export const DataTransfer: V201Handler<'DataTransfer'> = async (ctx, request) => {
  const result = await ctx.services.stations.dataTransfer(ctx.stationId, { vendorId: request.vendorId, messageId: request.messageId, data: request.data });
  return { status: result.status };
};
