import type { Admission as ApiAdmission, ConnectorLive, StationDetail as ApiStationDetail, StationListItem } from '../../http/api-types.js';
import { worstStatus, type LiveConnector, type LiveStation } from '../live/index.js';
import type { ConnectorView, StationDetail, StationRecords } from './stations.js';

const protocolOf = (p: string | null): StationListItem['protocol'] => (p === '1.6' || p === '2.0.1' ? p : null);

function connectorLive(c: LiveConnector): ConnectorLive {
  return {
    evseId: c.evseId, connectorId: c.connectorId, status: c.status, errorCode: c.errorCode, info: c.info, vendorErrorCode: c.vendorErrorCode,
    statusAt: c.statusAt, sessionId: c.sessionId, powerW: c.powerW, energyWh: c.energyWh, soc: c.soc, maintenance: c.maintenance ?? null,
  };
}

function storedConnector(c: ConnectorView): ConnectorLive {
  return {
    evseId: c.evseId, connectorId: c.connectorId, status: c.status, errorCode: c.errorCode, info: c.info, vendorErrorCode: c.vendorErrorCode,
    statusAt: c.statusAt, sessionId: null, powerW: null, energyWh: null, soc: null,
  };
}

/** A live station as a row of the station list. */
export function stationListItem(s: LiveStation, siteName: string | null): StationListItem {
  let powerW = 0;
  for (const c of s.connectors) powerW += c.powerW ?? 0;
  return {
    id: s.id, name: s.name, admission: s.admission as ApiAdmission, protocol: protocolOf(s.protocol), vendor: s.vendor, model: s.model,
    firmwareVersion: s.firmwareVersion, siteId: s.siteId, siteName, simulated: s.simulated, online: s.online, lastSeenAt: s.lastSeenAt,
    status: worstStatus(s), connectors: s.connectors.map(connectorLive), powerW,
  };
}

/** The detail page of a station: stored identity and history, with live connectors and online state when known. */
export function stationDetail(stored: StationDetail, live: LiveStation | undefined, records: StationRecords, siteName: string | null): ApiStationDetail {
  const connectors = live ? live.connectors.map(connectorLive) : stored.connectors.map(storedConnector);
  const status = worstStatus(live ?? stored);
  return {
    id: stored.id, name: stored.name, admission: stored.admission, protocol: stored.protocol, vendor: stored.vendor, model: stored.model,
    firmwareVersion: stored.firmwareVersion, siteId: stored.siteId, siteName, simulated: stored.simulated,
    online: live?.online ?? stored.online, lastSeenAt: live?.lastSeenAt ?? stored.lastSeenAt, status, connectors,
    powerW: connectors.reduce((sum, c) => sum + (c.powerW ?? 0), 0),
    serialNumber: stored.serialNumber, iccid: stored.iccid, imsi: stored.imsi, meterType: stored.meterType, meterSerialNumber: stored.meterSerialNumber,
    hasPassword: stored.hasPassword, securityProfile: stored.securityProfile, requiredSecurityProfile: stored.requiredSecurityProfile, location: stored.location,
    connectedAt: stored.connectedAt, disconnectedAt: stored.disconnectedAt, lastBootAt: stored.lastBootAt, createdAt: stored.createdAt,
    boots: records.boots, connections: records.connections, configuration: records.configuration,
  };
}
