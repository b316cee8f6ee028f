import type { V201Handler } from '../context.js';

/** 2.0.1 Heartbeat (G02): marks the station alive and gives it the server time. */
export const Heartbeat: V201Handler<'Heartbeat'> = async (ctx) => ({ currentTime: ctx.services.stations.heartbeat(ctx.stationId).toISOString() });
