import { ConflictError } from '../shared/app-error.js';
import type { AccountsService } from './accounts-service.js';

/** The name of the account created on first run. */
export const INITIAL_ADMIN = 'admin';

/**
 * First run: when no enabled admin exists and the name `admin` is free, creates `admin` with a random
 * one-time password (which must be changed at first login) and returns it to be shown once. Returns
 * undefined when an admin already exists, or another node created it at the same moment.
 */
export async function ensureInitialAdmin(accounts: Pick<AccountsService, 'hasActiveAdmin' | 'find' | 'create'>): Promise<{ username: string; password: string } | undefined> {
  if (await accounts.hasActiveAdmin()) return undefined;
  if (await accounts.find(INITIAL_ADMIN)) return undefined;
  try {
    const { user, password } = await accounts.create({ username: INITIAL_ADMIN, role: 'admin', displayName: 'Administrator', mustChangePassword: true }, null);
    return password === undefined ? undefined : { username: user.username, password };
  } catch (error) {
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
}
