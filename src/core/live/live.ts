/** The live state of one connector (1.6 connector N is EVSE N / connector 1). */
export interface LiveConnector {
  evseId: number;
  connectorId: number;
  /**
   * The status to show: as reported, except that a 2.0.1 `Occupied` connector is refined by its running
   * session's charging state (Charging, SuspendedEV, SuspendedEVSE, EVConnected → Preparing), so both
   * protocol versions read alike.
   */
  status: string;
  /** The connector status exactly as the station last reported it. */
  reportedStatus: string;
  errorCode: string | null;
  info: string | null;
  vendorErrorCode: string | null;
  statusAt: string | null;
  sessionId: number | null;
  powerW: number | null;
  energyWh: number | null;
  soc: number | null;
  /** The maintenance window the port (or its whole station) is in; null or absent: in service. */
  maintenance?: LiveMaintenance | null;
}

/** A port in maintenance mode: out of service on purpose until the window ends. */
export interface LiveMaintenance {
  windowId: number;
  reason: string;
  endsAt: string | null;
}

/** The live state of one station. */
export interface LiveStation {
  id: string;
  name: string | null;
  admission: string;
  protocol: string | null;
  vendor: string | null;
  model: string | null;
  firmwareVersion: string | null;
  simulated: boolean;
  online: boolean;
  lastSeenAt: string | null;
  /** When the station last went offline (for "offline since"). */
  disconnectedAt: string | null;
  siteId: string | null;
  connectors: LiveConnector[];
}

/** A site, as far as the live view needs it (its name, for station lists). */
export interface LiveSite {
  id: string;
  name: string;
  /** The site's power limit in kW (site power alert); null when not set. */
  maxPowerKw: number | null;
}

/** A session that is running now. */
export interface LiveSession {
  id: number;
  stationId: string;
  evseId: number;
  connectorId: number;
  idToken: string | null;
  startedAt: string;
  energyWh: number;
  powerW: number | null;
  soc: number | null;
  lastSampleAt: string | null;
  /** 2.0.1 chargingState of the transaction (Charging, SuspendedEV, …); null for 1.6. */
  chargingState: string | null;
}

/** Live figures of one site. */
export interface SiteStats {
  stationCount: number;
  onlineCount: number;
  powerW: number;
  activeSessions: number;
}

/** Fleet-wide counts, as the overview shows them. */
export interface FleetSummary {
  stations: number;
  online: number;
  offline: number;
  pending: number;
  connectorsByStatus: Record<string, number>;
  /** Connectors charging now: status Charging, or a running session drawing power. */
  chargingNow: number;
  activeSessions: number;
  powerW: number;
}
