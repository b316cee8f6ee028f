/** Driver id tokens: authorization, their rules, limits, monthly use, CSV import/export and their management. */
export { TokenService, tokenEventData } from './tokens-service.js';
export { authorizationEvent, ID_TOKEN_TYPES, TOKEN_STATUSES } from './tokens.js';
export { MAX_TOKEN_LENGTH, MAX_OCPP16_LENGTH } from './token-rules.js';
export { TOKEN_CSV_COLUMNS } from './token-csv.js';
export type { ActiveTokenSession } from './token-usage-repository.js';
export type * from './tokens.js';
