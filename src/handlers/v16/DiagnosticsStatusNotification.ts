import type { V16Handler } from '../context.js';

/** 1.6 DiagnosticsStatusNotification: progress of a GetDiagnostics upload. */
export const DiagnosticsStatusNotification: V16Handler<'DiagnosticsStatusNotification'> = async (ctx, request) => {
  await ctx.services.stations.diagnosticsStatus(ctx.stationId, { status: request.status });
  return {};
};
