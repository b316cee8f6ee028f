/** Uptime (23 CFR 680.116): the per-port ledger, monthly figures, maintenance windows and excluded periods. */
export { MaintenanceWindows, MAINTENANCE_EVENTS, type MaintenanceInput } from './maintenance-windows.js';
export { UptimeExclusions, type ExclusionInput } from './exclusions.js';
export { UptimeService, type PortFilter, type PortPeriod, type PortMonth } from './uptime-service.js';
export { neviUptime, NEVI_YEAR_MINUTES } from './nevi.js';
export { DEFAULT_UPTIME_SETTINGS } from './uptime.js';
export type * from './uptime.js';
