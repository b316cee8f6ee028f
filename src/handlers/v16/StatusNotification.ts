import type { V16Handler } from '../context.js';

/**
 * 1.6 StatusNotification. Connector 0 is the station itself (evse 0); 1.6 connector N is EVSE N with
 * its one connector 1, the 2.0.1 model. Without a timestamp, the arrival time stands in.
 */
export const StatusNotification: V16Handler<'StatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.statusChanged(ctx.stationId, {
    evseId: request.connectorId,
    connectorId: request.connectorId === 0 ? 0 : 1,
    status: request.status,
    errorCode: request.errorCode === 'NoError' ? undefined : request.errorCode,
    info: request.info,
    vendorId: request.vendorId,
    vendorErrorCode: request.vendorErrorCode,
    timestamp: request.timestamp ? new Date(request.timestamp) : ctx.receivedAt,
  });
  return {};
};
