import type { V201Handler } from '../context.js';

/** 2.0.1 StatusNotification (G01): the status of one connector of one EVSE. */
export const StatusNotification: V201Handler<'StatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.statusChanged(ctx.stationId, {
    evseId: request.evseId,
    connectorId: request.connectorId,
    status: request.connectorStatus,
    timestamp: new Date(request.timestamp),
  });
  return {};
};
