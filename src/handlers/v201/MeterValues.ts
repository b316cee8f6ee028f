import { samplesFromV201 } from '../../core/sessions/index.js';
import type { V201Handler } from '../context.js';

/** The answer to every MeterValues (an empty object, never changed). */
const ANSWER = Object.freeze({});

/** 2.0.1 MeterValues (J01): samples of an EVSE (0 = the station's main meter), tied to its running session if any. */
export const MeterValues: V201Handler<'MeterValues'> = (ctx, request) =>
  ctx.services.sessions.recordMeterValues({
    stationId: ctx.stationId,
    evseId: request.evseId,
    connectorId: 0,
    samples: samplesFromV201(request.meterValue, ctx.receivedAt.getTime()),
  }).then(() => ANSWER);
