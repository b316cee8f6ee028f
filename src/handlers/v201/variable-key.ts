import { ValidationError } from '../../core/shared/app-error.js';

/** A 2.0.1 device-model address: component (with optional instance and EVSE) and variable (with optional instance). */
export interface VariableAddress {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
}

const KEY = /^([^./@:]+)(?:\/([^.@]+))?(?:@(\d+)(?::(\d+))?)?\.([^/]+)(?:\/(.+))?$/;

/**
 * Reads `Component[/instance][@evse[:connector]].Variable[/instance]`, the flat key the API uses for
 * 2.0.1 variables (e.g. `OCPPCommCtrlr.HeartbeatInterval`, `EVSE@1.Power`, `DeviceDataCtrlr.ItemsPerMessage/GetVariables`).
 */
export function parseVariableKey(key: string): VariableAddress {
  const m = KEY.exec(key);
  if (!m) throw new ValidationError(`"${key}" is not a variable key (Component[/instance][@evse].Variable[/instance])`, { key });
  const [, component, componentInstance, evse, connector, variable, variableInstance] = m;
  return {
    component: {
      name: component!,
      ...(componentInstance !== undefined ? { instance: componentInstance } : {}),
      ...(evse !== undefined ? { evse: { id: Number(evse), ...(connector !== undefined ? { connectorId: Number(connector) } : {}) } } : {}),
    },
    variable: { name: variable!, ...(variableInstance !== undefined ? { instance: variableInstance } : {}) },
  };
}

/** The flat key of a component/variable pair, the inverse of `parseVariableKey`. */
export function formatVariableKey(address: VariableAddress): string {
  const c = address.component;
  const evse = c.evse ? `@${c.evse.id}${c.evse.connectorId !== undefined ? `:${c.evse.connectorId}` : ''}` : '';
  const v = address.variable;
  return `${c.name}${c.instance !== undefined ? `/${c.instance}` : ''}${evse}.${v.name}${v.instance !== undefined ? `/${v.instance}` : ''}`;
}

/** What "show the configuration" reads when no keys are named: the common settings of OCPP 2.0.1 Part 2 (appendix). */
export const DEFAULT_VARIABLE_KEYS: readonly string[] = [
  'OCPPCommCtrlr.HeartbeatInterval',
  'OCPPCommCtrlr.OfflineThreshold',
  'OCPPCommCtrlr.ResetRetries',
  'SecurityCtrlr.SecurityProfile',
  'AuthCtrlr.AuthorizeRemoteStart',
  'AuthCtrlr.LocalAuthorizeOffline',
  'AuthCtrlr.LocalPreAuthorize',
  'TxCtrlr.EVConnectionTimeOut',
  'TxCtrlr.StopTxOnEVSideDisconnect',
  'TxCtrlr.TxStartPoint',
  'TxCtrlr.TxStopPoint',
  'SampledDataCtrlr.TxUpdatedInterval',
  'SampledDataCtrlr.TxUpdatedMeasurands',
  'AlignedDataCtrlr.Interval',
  'AlignedDataCtrlr.Measurands',
];
