/** Operator accounts, roles, sessions, API tokens and the audit log. */
export { AccountsService } from './accounts-service.js';
export { SessionAuth, DEFAULT_LOGIN_LIMITS, DEFAULT_SESSION_LIMITS } from './session-auth.js';
export { ApiTokens, API_TOKEN_PREFIX } from './api-tokens.js';
export { ensureInitialAdmin, INITIAL_ADMIN } from './initial-admin.js';
export { ForbiddenError, LastAdminError, TooManyAttemptsError, UnauthenticatedError } from './account-errors.js';
export { checkPasswordPolicy } from './password-policy.js';
export { ROLES, MIN_PASSWORD_LENGTH } from './accounts.js';
export type * from './accounts.js';
