import type { Role } from './api-types.js';

/** Who may read the operator API (dashboards, lists, details, the live stream). */
export const READ_ROLES: readonly Role[] = ['admin', 'operator', 'technician', 'viewer'];
/** Who may send commands to stations and manage id tokens' day-to-day status. */
export const COMMAND_ROLES: readonly Role[] = ['admin', 'operator', 'technician'];
/** Who may change the fleet itself: stations' admission and settings, sites. */
export const MANAGE_ROLES: readonly Role[] = ['admin', 'operator'];
