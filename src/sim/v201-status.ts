import type { V201Request } from '../ocpp/index.js';
import type { ConnectorStatus } from './types.js';

/** A 2.0.1 ConnectorStatusEnumType value. */
export type ConnectorStatus201 = V201Request<'StatusNotification'>['connectorStatus'];

/** 2.0.1 connector status: everything between plug-in and plug-out is Occupied. */
export function connectorStatus201(status: ConnectorStatus): ConnectorStatus201 {
  switch (status) {
    case 'Available': return 'Available';
    case 'Faulted': return 'Faulted';
    case 'Unavailable': return 'Unavailable';
    default: return 'Occupied';
  }
}
