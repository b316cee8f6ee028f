import type { V16Handler } from '../context.js';

/** 1.6 (Security Whitepaper) SignedFirmwareStatusNotification: progress of a SignedUpdateFirmware. */
export const SignedFirmwareStatusNotification: V16Handler<'SignedFirmwareStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.firmwareStatus(ctx.stationId, { status: request.status, requestId: request.requestId, signed: true });
  return {};
};
