/** Drivers: people who charge, with or without an account; they own id tokens (see core/tokens). */
export { DriverService } from './drivers-service.js';
export type * from './drivers.js';
