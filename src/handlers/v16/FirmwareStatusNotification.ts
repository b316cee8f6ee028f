import type { V16Handler } from '../context.js';

/** 1.6 FirmwareStatusNotification: progress of an UpdateFirmware. */
export const FirmwareStatusNotification: V16Handler<'FirmwareStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.firmwareStatus(ctx.stationId, { status: request.status });
  return {};
};
