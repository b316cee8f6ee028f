import { ValidationError } from '../shared/app-error.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './accounts.js';

/** Refuses a password that breaks the policy (length only: long passphrases beat composition rules). */
export function checkPasswordPolicy(password: unknown): string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new ValidationError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}
