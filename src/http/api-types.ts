/**
 * The HTTP API's request and response shapes: the contract between the server routes (src/http,
 * src/core/<feature>/routes.ts) and the web app (web/ imports these types only). Times are ISO strings,
 * power in W, energy in Wh unless a name says otherwise.
 */

export type * from './api-types/common.js';
export type * from './api-types/fleet-types.js';
export type * from './api-types/token-types.js';
export type * from './api-types/session-types.js';
export type * from './api-types/health-types.js';
export type * from './api-types/notification-uptime-types.js';
export type * from './api-types/access-types.js';
