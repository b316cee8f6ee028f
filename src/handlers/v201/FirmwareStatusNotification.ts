import type { V201Handler } from '../context.js';

/** 2.0.1 FirmwareStatusNotification (L01): progress of an UpdateFirmware. */
export const FirmwareStatusNotification: V201Handler<'FirmwareStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.firmwareStatus(ctx.stationId, { status: request.status, requestId: request.requestId });
  return {};
};
