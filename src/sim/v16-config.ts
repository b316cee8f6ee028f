import type { V16CommandRequest, V16CommandResponse } from '../ocpp/index.js';
import { parseMeasurands } from './meter-readings.js';
import type { StationControl } from './protocol.js';
import { parseBool, parseCount, type BoolSetting, type CountSetting } from './sim-settings.js';

type SetResult = 'Accepted' | 'Rejected';

/** One 1.6 configuration key: how to read it and, if writable, how to change it. */
interface KeyDef {
  readonly: boolean;
  get(s: StationControl): string;
  set?(s: StationControl, value: string): SetResult;
}

function intKey(field: CountSetting, min = 0): KeyDef {
  return {
    readonly: false,
    get: (s) => String(s.settings[field]),
    set: (s, value) => {
      const n = parseCount(value);
      if (n === undefined || n < min) return 'Rejected';
      s.settings[field] = n;
      s.settingsChanged();
      return 'Accepted';
    },
  };
}


function boolKey(field: BoolSetting): KeyDef {
  return {
    readonly: false,
    get: (s) => String(s.settings[field]),
    set: (s, value) => {
      const b = parseBool(value);
      if (b === undefined) return 'Rejected';
      s.settings[field] = b;
      return 'Accepted';
    },
  };
}

/** A key the station keeps but does not act on (still validated the way the spec types it). */
function storedKey(key: string, initial: string, valid: (v: string) => boolean): KeyDef {
  return {
    readonly: false,
    get: (s) => s.settings.stored?.[key] ?? initial,
    set: (s, value) => {
      if (!valid(value)) return 'Rejected';
      s.settings.stored = { ...s.settings.stored, [key]: value };
      return 'Accepted';
    },
  };
}

const readonlyKey = (get: (s: StationControl) => string): KeyDef => ({ readonly: true, get });
const isCount = (v: string): boolean => parseCount(v) !== undefined;
const isMeasurandList = (v: string): boolean => v.trim() === '' || parseMeasurands(v) !== undefined;

/** The Core and RemoteTrigger configuration keys of OCPP 1.6 (section 9.1), as a real station reports them. */
const KEYS: Record<string, KeyDef> = {
  AllowOfflineTxForUnknownId: boolKey('allowOfflineTxForUnknownId'),
  AuthorizationCacheEnabled: boolKey('authCacheEnabled'),
  AuthorizeRemoteTxRequests: boolKey('authorizeRemoteTx'),
  ClockAlignedDataInterval: storedKey('ClockAlignedDataInterval', '0', isCount),
  ConnectionTimeOut: intKey('connectionTimeOutS', 1),
  ConnectorPhaseRotation: storedKey('ConnectorPhaseRotation', '0.RST', (v) => v.length <= 500),
  GetConfigurationMaxKeys: readonlyKey(() => '50'),
  HeartbeatInterval: intKey('heartbeatIntervalS', 1),
  LocalAuthListEnabled: {
    readonly: false,
    get: (s) => String(s.localList.enabled),
    set: (s, value) => {
      const b = parseBool(value);
      if (b === undefined) return 'Rejected';
      s.localList.enabled = b;
      return 'Accepted';
    },
  },
  LocalAuthListMaxLength: readonlyKey((s) => String(s.localList.maxLength)),
  LocalAuthorizeOffline: boolKey('localAuthorizeOffline'),
  LocalPreAuthorize: boolKey('localPreAuthorize'),
  MeterValuesAlignedData: storedKey('MeterValuesAlignedData', 'Energy.Active.Import.Register', isMeasurandList),
  MeterValuesSampledData: {
    readonly: false,
    get: (s) => s.settings.measurands.join(','),
    set: (s, value) => {
      const list = value.trim() === '' ? [] : parseMeasurands(value);
      if (!list) return 'Rejected';
      s.settings.measurands = list;
      return 'Accepted';
    },
  },
  MeterValueSampleInterval: intKey('meterIntervalS', 1),
  NumberOfConnectors: readonlyKey((s) => String(s.connectors.length)),
  ResetRetries: storedKey('ResetRetries', '3', isCount),
  StopTransactionOnEVSideDisconnect: boolKey('stopTxOnEVSideDisconnect'),
  StopTransactionOnInvalidId: boolKey('stopTxOnInvalidId'),
  StopTxnAlignedData: storedKey('StopTxnAlignedData', '', isMeasurandList),
  StopTxnSampledData: storedKey('StopTxnSampledData', 'Energy.Active.Import.Register', isMeasurandList),
  SendLocalListMaxLength: readonlyKey((s) => String(s.localList.perMessage)),
  // Changed through the Security Whitepaper's rules (security-commands.ts), not as a plain stored key.
  SecurityProfile: { readonly: false, get: (s) => String(s.security.profile) },
  SupportedFeatureProfiles: readonlyKey((s) => (s.localList.supported ? 'Core,LocalAuthListManagement,RemoteTrigger' : 'Core,RemoteTrigger')),
  TransactionMessageAttempts: intKey('transactionMessageAttempts', 1),
  TransactionMessageRetryInterval: intKey('transactionMessageRetryIntervalS'),
  UnlockConnectorOnEVSideDisconnect: boolKey('unlockConnectorOnEVSideDisconnect'),
  WebSocketPingInterval: intKey('webSocketPingIntervalS'),
};

function keyDef(key: string): KeyDef | undefined {
  return Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
}

/** Answers GetConfiguration: the asked keys (all when none are asked), unknown ones listed apart. */
export function getConfiguration(s: StationControl, req: V16CommandRequest<'GetConfiguration'>): V16CommandResponse<'GetConfiguration'> {
  const asked = req.key && req.key.length > 0 ? req.key : Object.keys(KEYS);
  const configurationKey: NonNullable<V16CommandResponse<'GetConfiguration'>['configurationKey']> = [];
  const unknownKey: string[] = [];
  for (const key of asked) {
    const def = keyDef(key);
    if (def) configurationKey.push({ key, readonly: def.readonly, value: def.get(s) });
    else unknownKey.push(key);
  }
  return unknownKey.length > 0 ? { configurationKey, unknownKey } : { configurationKey };
}

/** Answers ChangeConfiguration: NotSupported for unknown keys, Rejected for read-only keys and bad values. */
export function changeConfiguration(s: StationControl, req: V16CommandRequest<'ChangeConfiguration'>): V16CommandResponse<'ChangeConfiguration'> {
  const def = keyDef(req.key);
  if (!def) return { status: 'NotSupported' };
  if (def.readonly || !def.set) return { status: 'Rejected' };
  return { status: def.set(s, req.value) };
}
