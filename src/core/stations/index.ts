/** Stations: admission, connection state, boots, status and notifications, and the operator's actions. */
export { StationService } from './stations-service.js';
export { isStationId } from './station-admin.js';
export type * from './stations.js';
