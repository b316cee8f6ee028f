import { samplesFromV16 } from '../../core/sessions/index.js';
import type { V16Handler } from '../context.js';

/** The answer to every MeterValues (an empty object, never changed). */
const ANSWER = Object.freeze({});

/** 1.6 MeterValues: connector 0 is the station's main meter (EVSE 0); connector N is EVSE N / connector 1. */
export const MeterValues: V16Handler<'MeterValues'> = (ctx, request) =>
  ctx.services.sessions.recordMeterValues({
    stationId: ctx.stationId,
    evseId: request.connectorId,
    connectorId: request.connectorId === 0 ? 0 : 1,
    transactionRef: request.transactionId === undefined ? undefined : String(request.transactionId),
    samples: samplesFromV16(request.meterValue, ctx.receivedAt.getTime()),
  }).then(() => ANSWER);
