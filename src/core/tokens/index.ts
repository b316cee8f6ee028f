/** Driver id tokens: authorization and their management. */
export { TokenService } from './tokens-service.js';
export { authorizationEvent, ID_TOKEN_TYPES } from './tokens.js';
export type * from './tokens.js';
