import { samplesFromV16 } from '../../core/sessions/index.js';
import type { V16Handler } from '../context.js';

/** 1.6 MeterValues: connector 0 is the station's main meter (EVSE 0); connector N is EVSE N / connector 1. */
export const MeterValues: V16Handler<'MeterValues'> = async (ctx, request) => {
  await ctx.services.sessions.recordMeterValues({
    stationId: ctx.stationId,
    evseId: request.connectorId,
    connectorId: request.connectorId === 0 ? 0 : 1,
    transactionRef: request.transactionId === undefined ? undefined : String(request.transactionId),
    samples: samplesFromV16(request.meterValue, ctx.receivedAt.getTime()),
  });
  return {};
};
