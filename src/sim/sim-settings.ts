import { DEFAULT_MEASURANDS, type SimMeasurand } from './meter-readings.js';

/**
 * The station's own settings, version-neutral. 1.6 configuration keys and 2.0.1 device-model variables
 * are two views of this one object, so a change through either takes effect the same way.
 */
export interface SimSettings {
  heartbeatIntervalS: number;
  meterIntervalS: number;
  measurands: SimMeasurand[];
  connectionTimeOutS: number;
  authorizeRemoteTx: boolean;
  localPreAuthorize: boolean;
  localAuthorizeOffline: boolean;
  allowOfflineTxForUnknownId: boolean;
  authCacheEnabled: boolean;
  stopTxOnInvalidId: boolean;
  stopTxOnEVSideDisconnect: boolean;
  unlockConnectorOnEVSideDisconnect: boolean;
  transactionMessageAttempts: number;
  transactionMessageRetryIntervalS: number;
  webSocketPingIntervalS: number;
  /** Values of settings the simulator stores but does not act on, created on first write. */
  stored?: Record<string, string>;
}

/** Names of the on/off settings. */
export type BoolSetting = { [K in keyof SimSettings]-?: SimSettings[K] extends boolean ? K : never }[keyof SimSettings];

/** Names of the whole-number settings. */
export type CountSetting = { [K in keyof SimSettings]-?: SimSettings[K] extends number ? K : never }[keyof SimSettings];

/** Settings of a station fresh from the factory. */
export function defaultSettings(meterIntervalS: number): SimSettings {
  return {
    heartbeatIntervalS: 300,
    meterIntervalS,
    measurands: [...DEFAULT_MEASURANDS],
    connectionTimeOutS: 60,
    authorizeRemoteTx: true,
    localPreAuthorize: false,
    localAuthorizeOffline: true,
    allowOfflineTxForUnknownId: true,
    authCacheEnabled: true,
    stopTxOnInvalidId: true,
    stopTxOnEVSideDisconnect: true,
    unlockConnectorOnEVSideDisconnect: true,
    transactionMessageAttempts: 3,
    transactionMessageRetryIntervalS: 60,
    webSocketPingIntervalS: 0,
  };
}

/** Reads a non-negative integer setting value; undefined when the text is not one. */
export function parseCount(text: string, max = 86_400 * 7): number | undefined {
  if (!/^\d{1,9}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n <= max ? n : undefined;
}

/** Reads a boolean setting value as OCPP writes it; undefined when it is neither. */
export function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}
