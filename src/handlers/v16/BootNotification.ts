import type { V16Handler } from '../context.js';

/** 1.6 BootNotification: records the station's identity; the answer follows its admission. */
export const BootNotification: V16Handler<'BootNotification'> = async (ctx, request) => {
  const result = await ctx.services.stations.boot(ctx.stationId, '1.6', {
    vendor: request.chargePointVendor,
    model: request.chargePointModel,
    // chargeBoxSerialNumber is the deprecated spelling of the same thing.
    serialNumber: request.chargePointSerialNumber ?? request.chargeBoxSerialNumber,
    firmwareVersion: request.firmwareVersion,
    iccid: request.iccid,
    imsi: request.imsi,
    meterType: request.meterType,
    meterSerialNumber: request.meterSerialNumber,
  });
  return { status: result.status, currentTime: result.currentTime.toISOString(), interval: result.intervalS };
};
