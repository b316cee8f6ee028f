import { AppError } from '../shared/app-error.js';

/** No valid credentials (wrong password, unknown user, expired session, revoked token). */
export class UnauthenticatedError extends AppError {
  constructor(message = 'authentication required') {
    super('unauthenticated', message, 401);
  }
}

/** The caller is known but their role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = 'your role may not do this') {
    super('forbidden', message, 403);
  }
}

/** Too many failed logins for this username or address; `retryAfterS` says when to try again. */
export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterS: number) {
    super('too_many_attempts', `too many failed logins; try again in ${retryAfterS} s`, 429, { retryAfterS });
  }
}

/** The change would leave no enabled admin. */
export class LastAdminError extends AppError {
  constructor(what: string) {
    super('last_admin', `cannot ${what} the last active admin`, 409);
  }
}
