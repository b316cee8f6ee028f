/** The fleet overview: summary counts, today's energy and fleet power over time. */
export { FleetService, MAX_POWER_HOURS, type FleetServiceDeps } from './fleet-service.js';
