import { samplesFromV201 } from '../../core/sessions/index.js';
import type { V201Handler } from '../context.js';
import { toIdTokenInfo } from './id-token-info.js';

/**
 * 2.0.1 TransactionEvent (E01–E15): Started, Updated and Ended, idempotent by seqNo and tolerant of
 * events arriving out of order. idTokenInfo is returned whenever the event carries an idToken (E01.FR.09).
 */
export const TransactionEvent: V201Handler<'TransactionEvent'> = async (ctx, request) => {
  const info = request.transactionInfo;
  const result = await ctx.services.sessions.transactionEvent({
    stationId: ctx.stationId,
    eventType: request.eventType,
    transactionRef: info.transactionId,
    seqNo: request.seqNo,
    timestamp: request.timestamp,
    triggerReason: request.triggerReason,
    evseId: request.evse?.id,
    connectorId: request.evse?.connectorId,
    idToken: request.idToken ? { value: request.idToken.idToken, type: request.idToken.type } : undefined,
    chargingState: info.chargingState,
    stoppedReason: info.stoppedReason,
    remoteStartId: info.remoteStartId,
    offline: request.offline,
    samples: samplesFromV201(request.meterValue, ctx.receivedAt.getTime()),
    payload: request as unknown as Record<string, unknown>,
  });
  return result.auth ? { idTokenInfo: toIdTokenInfo(result.auth) } : {};
};
