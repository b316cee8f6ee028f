import type { StationLink } from '../core/commands/index.js';
import { AppError, StationUnavailableError } from '../core/shared/app-error.js';
import type { CallFailure } from '../gateway/types.js';

function isCallFailure(error: unknown): error is CallFailure {
  // Matched by shape, not class: a failure relayed from another node is rebuilt there.
  return error instanceof Error && error.name === 'CallFailure' && typeof (error as { reason?: unknown }).reason === 'string';
}

/** Turns a failed CALL into the AppError the API reports (offline, timeout, CALLERROR, bad answer, ...). */
export function commandError(error: unknown, stationId: string, action: string): Error {
  if (error instanceof AppError || !isCallFailure(error)) return error instanceof Error ? error : new Error(String(error));
  const details = { stationId, action };
  switch (error.reason) {
    case 'timeout':
      return new StationUnavailableError(stationId, 'timeout');
    case 'closed':
      return new StationUnavailableError(stationId, 'closed');
    case 'callerror':
      return new AppError('station_error', `station answered ${error.errorCode ?? 'an error'}: ${error.message}`, 502, { ...details, errorCode: error.errorCode, errorDetails: error.details });
    case 'invalid-response':
      return new AppError('station_invalid_response', `station ${stationId} answered ${action} with an invalid payload: ${error.message}`, 502, details);
    case 'invalid-request':
      return new AppError('invalid_command', `${action} request is invalid: ${error.message}`, 400, details);
    case 'queue-full':
      return new AppError('station_busy', `station ${stationId} has too many commands waiting`, 503, details);
    default:
      return error;
  }
}

/** Sends one CALL through the link, translating failures with `commandError`. */
export async function callStation(link: StationLink, stationId: string, action: string, payload: object, options?: { timeoutMs?: number }): Promise<Record<string, unknown>> {
  try {
    return await link.call(stationId, action, payload as Record<string, unknown>, options);
  } catch (error) {
    throw commandError(error, stationId, action);
  }
}
