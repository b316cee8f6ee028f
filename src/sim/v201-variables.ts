import type { V201CommandRequest, V201CommandResponse } from '../ocpp/index.js';
import { parseMeasurands } from './meter-readings.js';
import type { ConnectorSim, StationControl } from './protocol.js';
import { parseBool, parseCount, type BoolSetting, type CountSetting } from './sim-settings.js';
import { connectorStatus201 } from './v201-status.js';

type GetData = V201CommandRequest<'GetVariables'>['getVariableData'][number];
type SetData = V201CommandRequest<'SetVariables'>['setVariableData'][number];
type GetResult = V201CommandResponse<'GetVariables'>['getVariableResult'][number];
type SetResult = V201CommandResponse<'SetVariables'>['setVariableResult'][number];

/** One device-model variable: read (per EVSE for EVSE/Connector components) and, if writable, set. */
interface VarDef {
  get(s: StationControl, evse?: ConnectorSim): string;
  set?(s: StationControl, value: string): boolean;
}


const int = (field: CountSetting, min = 0): VarDef => ({
  get: (s) => String(s.settings[field]),
  set: (s, v) => {
    const n = parseCount(v);
    if (n === undefined || n < min) return false;
    s.settings[field] = n;
    s.settingsChanged();
    return true;
  },
});

const bool = (field: BoolSetting): VarDef => ({
  get: (s) => String(s.settings[field]),
  set: (s, v) => {
    const b = parseBool(v);
    if (b === undefined) return false;
    s.settings[field] = b;
    return true;
  },
});

const fixed = (get: (s: StationControl, evse?: ConnectorSim) => string): VarDef => ({ get });

/** The components and variables the simulated 2.0.1 station reports (a subset of the Part 2 device model). */
const STATION: Record<string, Record<string, VarDef>> = {
  OCPPCommCtrlr: {
    HeartbeatInterval: int('heartbeatIntervalS', 1),
    'MessageAttempts/TransactionEvent': int('transactionMessageAttempts', 1),
    'MessageAttemptInterval/TransactionEvent': int('transactionMessageRetryIntervalS'),
    WebSocketPingInterval: int('webSocketPingIntervalS'),
    NetworkConfigurationPriority: {
      get: (s) => s.security.priority.join(','),
      set: (s, v) => {
        const slots = v.split(',').map((n) => parseCount(n.trim()));
        if (slots.length === 0 || slots.some((n) => n === undefined || !s.security.networkProfiles.has(n))) return false;
        s.security.priority = slots as number[];
        return true;
      },
    },
  },
  SecurityCtrlr: {
    // Write-only in the device model: reading it gives nothing away.
    BasicAuthPassword: {
      get: () => '',
      set: (s, v) => {
        if (v.length < 16 || v.length > 40) return false;
        s.security.password = v;
        return true;
      },
    },
    SecurityProfile: fixed((s) => String(s.security.profile)),
  },
  SampledDataCtrlr: {
    Enabled: fixed(() => 'true'),
    TxUpdatedInterval: int('meterIntervalS', 1),
    TxUpdatedMeasurands: {
      get: (s) => s.settings.measurands.join(','),
      set: (s, v) => {
        const list = v.trim() === '' ? [] : parseMeasurands(v);
        if (!list) return false;
        s.settings.measurands = list;
        return true;
      },
    },
  },
  AuthCtrlr: {
    Enabled: fixed(() => 'true'),
    AuthorizeRemoteStart: bool('authorizeRemoteTx'),
    LocalAuthorizeOffline: bool('localAuthorizeOffline'),
    LocalPreAuthorize: bool('localPreAuthorize'),
    OfflineTxForUnknownIdEnabled: bool('allowOfflineTxForUnknownId'),
  },
  AuthCacheCtrlr: { Enabled: bool('authCacheEnabled') },
  LocalAuthListCtrlr: {
    Enabled: {
      get: (s) => String(s.localList.enabled),
      set: (s, v) => {
        const b = parseBool(v);
        if (b === undefined) return false;
        s.localList.enabled = b;
        return true;
      },
    },
    Entries: fixed((s) => String(s.localList.size)),
    ItemsPerMessage: fixed((s) => String(s.localList.perMessage)),
  },
  TxCtrlr: {
    EVConnectionTimeOut: int('connectionTimeOutS', 1),
    StopTxOnInvalidId: bool('stopTxOnInvalidId'),
    StopTxOnEVSideDisconnect: fixed(() => 'true'),
    TxStartPoint: fixed(() => 'Authorized'),
    TxStopPoint: fixed(() => 'EVConnected,Authorized'),
  },
  ChargingStation: {
    Model: fixed((s) => s.options.model),
    VendorName: fixed((s) => s.options.vendor),
    SerialNumber: fixed((s) => s.options.serialNumber ?? s.options.id),
    FirmwareVersion: fixed((s) => s.options.firmwareVersion),
    Available: fixed(() => 'true'),
    AvailabilityState: fixed((s) => (s.connectors.every((c) => !c.operative) ? 'Unavailable' : 'Available')),
    SupplyPhases: fixed((s) => (s.options.kind === 'AC' ? '3' : '0')),
  },
};

/** Variables of the EVSE and Connector components, which need an evse id. */
const PER_EVSE: Record<string, Record<string, VarDef>> = {
  EVSE: {
    Available: fixed(() => 'true'),
    AvailabilityState: fixed((_s, e) => (e ? connectorStatus201(e.status) : 'Unavailable')),
    Power: fixed((_s, e) => String(Math.round(e?.powerW ?? 0))),
    SupplyPhases: fixed((s) => (s.options.kind === 'AC' ? '3' : '0')),
  },
  Connector: {
    Available: fixed(() => 'true'),
    ConnectorType: fixed((s) => (s.options.kind === 'AC' ? 'cType2' : 'cCCS2')),
    SupplyPhases: fixed((s) => (s.options.kind === 'AC' ? '3' : '0')),
  },
};

type Lookup = { def: VarDef; evse?: ConnectorSim } | { status: 'UnknownComponent' | 'UnknownVariable' };

function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function lookup(s: StationControl, data: GetData | SetData): Lookup {
  const name = data.variable.instance ? `${data.variable.name}/${data.variable.instance}` : data.variable.name;
  const general = own(STATION, data.component.name);
  if (general) {
    const def = own(general, name);
    return def ? { def } : { status: 'UnknownVariable' };
  }
  const perEvse = own(PER_EVSE, data.component.name);
  const evse = data.component.evse ? s.connector(data.component.evse.id) : undefined;
  if (!perEvse || !evse || (data.component.evse?.connectorId ?? 1) !== 1) return { status: 'UnknownComponent' };
  const def = own(perEvse, name);
  return def ? { def, evse } : { status: 'UnknownVariable' };
}

/** Answers GetVariables entry by entry; only the Actual attribute exists here. */
export function getVariables(s: StationControl, req: V201CommandRequest<'GetVariables'>): V201CommandResponse<'GetVariables'> {
  const results = req.getVariableData.map((data): GetResult => {
    const base = { component: data.component, variable: data.variable, ...(data.attributeType ? { attributeType: data.attributeType } : {}) };
    if (data.attributeType && data.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
    const found = lookup(s, data);
    if ('status' in found) return { ...base, attributeStatus: found.status };
    return { ...base, attributeStatus: 'Accepted', attributeValue: found.def.get(s, found.evse).slice(0, 2500) };
  });
  return { getVariableResult: results as V201CommandResponse<'GetVariables'>['getVariableResult'] };
}

/** Answers SetVariables entry by entry: read-only variables and bad values are Rejected. */
export function setVariables(s: StationControl, req: V201CommandRequest<'SetVariables'>): V201CommandResponse<'SetVariables'> {
  const results = req.setVariableData.map((data): SetResult => {
    const base = { component: data.component, variable: data.variable, ...(data.attributeType ? { attributeType: data.attributeType } : {}) };
    if (data.attributeType && data.attributeType !== 'Actual') return { ...base, attributeStatus: 'NotSupportedAttributeType' };
    const found = lookup(s, data);
    if ('status' in found) return { ...base, attributeStatus: found.status };
    const ok = found.def.set?.(s, data.attributeValue) ?? false;
    return { ...base, attributeStatus: ok ? 'Accepted' : 'Rejected' };
  });
  return { setVariableResult: results as V201CommandResponse<'SetVariables'>['setVariableResult'] };
}
