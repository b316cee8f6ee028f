import { OcppError } from '../../ocpp/index.js';
import type { V16Handler } from '../context.js';
import { toIdTagInfo } from './id-tag-info.js';

/**
 * 1.6 StartTransaction: connector N is EVSE N / connector 1. The session id is the transactionId. A token
 * that is not accepted still gets a transaction (the station stops it, 1.6 §5.17); a repeated request
 * gets the same transactionId.
 */
export const StartTransaction: V16Handler<'StartTransaction'> = async (ctx, request) => {
  if (request.connectorId < 1) throw new OcppError('PropertyConstraintViolation', 'connectorId of a transaction must be greater than 0', { connectorId: request.connectorId });
  const result = await ctx.services.sessions.start({
    stationId: ctx.stationId,
    evseId: request.connectorId,
    connectorId: 1,
    idToken: { value: request.idTag },
    meterStartWh: request.meterStart,
    timestamp: request.timestamp,
    reservationId: request.reservationId,
  });
  return { transactionId: result.sessionId, idTagInfo: toIdTagInfo(result.auth) };
};
