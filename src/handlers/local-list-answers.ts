import { AppError } from '../core/shared/app-error.js';

/** A station that answers a local list CALL with CALLERROR NotSupported / NotImplemented has no local list. */
export function isUnsupported(error: unknown): boolean {
  if (!(error instanceof AppError) || error.code !== 'station_error') return false;
  const code = (error.details as { errorCode?: unknown } | undefined)?.errorCode;
  return code === 'NotSupported' || code === 'NotImplemented';
}

/** A configuration value read as a whole number; null when absent or not a number. */
export function countValue(value: string | null | undefined): number | null {
  if (value === null || value === undefined || !/^\s*\d{1,9}\s*$/.test(value)) return null;
  return Number(value);
}

/** A configuration value read as a boolean; null when absent or neither true nor false. */
export function boolValue(value: string | null | undefined): boolean | null {
  const t = value?.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : null;
}
