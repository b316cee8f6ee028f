/** The API contract, shared with the server: the only thing the web app takes from src/. */
export type * from '../../../src/http/api-types.js';
