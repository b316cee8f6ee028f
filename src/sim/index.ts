/** The station simulator: a black-box OCPP 1.6J / 2.0.1 client for demos, end-to-end tests and load. */
export { SimStation } from './sim-station.js';
export { runFleet, fleetStats, type Fleet, type FleetOptions, type FleetStats } from './fleet.js';
export { simulateCommand, formatSummary, DEFAULT_SIM_URL, type SimulateOptions } from './cli.js';
export { CallError } from './station-link.js';
export { SharedTicker, sharedTicker } from './ticker.js';
export { SIM_VENDOR_ID } from './data-transfer.js';
export { PROFILES, SIM_VENDOR, SIM_FIRMWARE, stationShape, stationId } from './fleet-profiles.js';
export {
  quietLogger, type SimLogger, type SimStationOptions, type SimTlsOptions, type SimStationDeps, type ConnectorStatus, type ConnectorSnapshot,
  type PlugInOptions, type SimCounters, type SimStationEvents, type StopReason,
} from './types.js';
