import type { ReportedVariable } from '../../core/stations/index.js';
import type { V201Handler } from '../context.js';

/** 2.0.1 NotifyReport (B07/B08): one row per reported variable attribute, kept per station. */
export const NotifyReport: V201Handler<'NotifyReport'> = async (ctx, request) => {
  const variables: ReportedVariable[] = (request.reportData ?? []).flatMap((d) =>
    d.variableAttribute.map((a) => ({
      component: d.component.name,
      componentInstance: d.component.instance,
      evseId: d.component.evse?.id,
      connectorId: d.component.evse?.connectorId,
      variable: d.variable.name,
      variableInstance: d.variable.instance,
      attributeType: a.type,
      value: a.value,
      mutability: a.mutability,
    })),
  );
  await ctx.services.stations.report(ctx.stationId, {
    requestId: request.requestId,
    generatedAt: new Date(request.generatedAt),
    seqNo: request.seqNo,
    tbc: request.tbc,
    variables,
  });
  return {};
};
