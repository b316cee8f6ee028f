import { samplesFromV16 } from '../../core/sessions/index.js';
import type { V16Handler } from '../context.js';
import { toIdTagInfo } from './id-tag-info.js';

/**
 * 1.6 StopTransaction: closes the session with meterStop and its transactionData. A stop for a transaction
 * the CSMS does not know is kept aside and answered Accepted, so the station does not retry it forever.
 */
export const StopTransaction: V16Handler<'StopTransaction'> = async (ctx, request) => {
  const result = await ctx.services.sessions.stop({
    stationId: ctx.stationId,
    transactionRef: String(request.transactionId),
    meterStopWh: request.meterStop,
    timestamp: request.timestamp,
    reason: request.reason,
    idToken: request.idTag === undefined ? undefined : { value: request.idTag },
    samples: samplesFromV16(request.transactionData ?? [], ctx.receivedAt.getTime()),
    payload: request as unknown as Record<string, unknown>,
  });
  if (result.outcome === 'orphan') return { idTagInfo: { status: 'Accepted' } };
  return result.auth ? { idTagInfo: toIdTagInfo(result.auth) } : {};
};
