import type { V201Handler } from '../context.js';

/** 2.0.1 BootNotification (B01-B03): records the station's identity; the answer follows its admission. */
export const BootNotification: V201Handler<'BootNotification'> = async (ctx, request) => {
  const cs = request.chargingStation;
  const result = await ctx.services.stations.boot(ctx.stationId, '2.0.1', {
    reason: request.reason,
    vendor: cs.vendorName,
    model: cs.model,
    serialNumber: cs.serialNumber,
    firmwareVersion: cs.firmwareVersion,
    iccid: cs.modem?.iccid,
    imsi: cs.modem?.imsi,
  });
  return { status: result.status, currentTime: result.currentTime.toISOString(), interval: result.intervalS };
};
