import type { V16Handler } from '../context.js';

/** 1.6 Heartbeat: marks the station alive and gives it the server time. */
export const Heartbeat: V16Handler<'Heartbeat'> = async (ctx) => ({ currentTime: ctx.services.stations.heartbeat(ctx.stationId).toISOString() });
