import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { LastAdminError } from './account-errors.js';
import {
  countActiveAdmins, deleteSessionsOfUser, deleteUser, findUserById, findUserByUsername, insertAudit, insertUser, listAudit, listUsers,
  lockActiveAdmins, toAccountView, updateUser, type UserRow,
} from './accounts-repository.js';
import {
  ROLES,
  type AccountsServiceDeps, type AccountView, type AuditEntry, type AuditEntryView, type AuditLog, type AuditQuery,
  type NewUser, type Principal, type Role, type UserChanges,
} from './accounts.js';
import { ApiTokens } from './api-tokens.js';
import { hashUserPassword } from './password-hashing.js';
import { checkPasswordPolicy } from './password-policy.js';
import { SessionAuth } from './session-auth.js';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MAX_DISPLAY_NAME = 100;

function checkRole(role: unknown): Role {
  if (!ROLES.includes(role as Role)) throw new ValidationError(`role must be one of ${ROLES.join(', ')}`, { role: String(role) });
  return role as Role;
}

function checkDisplayName(name: string | null | undefined): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > MAX_DISPLAY_NAME) throw new ValidationError(`a display name has at most ${MAX_DISPLAY_NAME} characters`);
  return trimmed.length ? trimmed : null;
}

/**
 * Operator accounts: users and roles, password logins with browser sessions (`sessions`), machine API tokens
 * (`apiTokens`) and the audit log every part writes to.
 */
export class AccountsService implements AuditLog {
  /** Logins, session cookies, logout and own-password changes. */
  readonly sessions: SessionAuth;
  /** Bearer tokens for machines. */
  readonly apiTokens: ApiTokens;

  constructor(private readonly deps: AccountsServiceDeps) {
    this.sessions = new SessionAuth(deps, this);
    this.apiTokens = new ApiTokens(deps, this);
  }

  /** Appends to the audit log; a failed write is logged, never thrown (the action itself already happened). */
  async record(entry: AuditEntry): Promise<void> {
    try {
      await insertAudit(this.deps.db, {
        at: this.deps.clock.now(), actor: entry.actor?.id ?? null, actorName: entry.actor?.name ?? entry.actorName ?? null,
        action: entry.action, target: entry.target, detail: entry.detail ?? {},
        ip: entry.ip ?? (typeof entry.detail?.ip === 'string' ? entry.detail.ip : null), result: entry.result ?? 'ok',
      });
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message, action: entry.action, target: entry.target }, 'audit write failed');
    }
  }

  /** Audit lines, newest first; page with `before` = the last id seen. */
  async audit(query: AuditQuery = {}): Promise<AuditEntryView[]> {
    if (query.before !== undefined && !/^\d{1,18}$/.test(query.before)) throw new ValidationError('before must be an audit entry id');
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
    return listAudit(this.deps.db, query, limit);
  }

  /** Every user, by name. */
  async list(): Promise<AccountView[]> {
    return (await listUsers(this.deps.db)).map(toAccountView);
  }

  /** One user; NotFoundError if unknown. */
  async get(id: string): Promise<AccountView> {
    const row = await findUserById(this.deps.db, id);
    if (!row) throw new NotFoundError('user', id);
    return toAccountView(row);
  }

  /** A user by name (ignoring case), or undefined. */
  async find(username: string): Promise<AccountView | undefined> {
    const row = await findUserByUsername(this.deps.db, username);
    return row && toAccountView(row);
  }

  /** True when at least one enabled admin exists. */
  async hasActiveAdmin(): Promise<boolean> {
    return (await countActiveAdmins(this.deps.db)) > 0;
  }

  /**
   * Creates a user. Without a password, one is generated and returned (shown once) and the user must change
   * it at first login. ConflictError when the name is taken (ignoring case).
   */
  async create(input: NewUser, actor: Principal | null): Promise<{ user: AccountView; password?: string }> {
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    if (!USERNAME.test(username)) throw new ValidationError('a username is 1-64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit');
    const role = checkRole(input.role);
    const generated = input.password === undefined ? this.deps.ids.token(18) : undefined;
    const password = generated ?? checkPasswordPolicy(input.password);
    const row = await insertUser(this.deps.db, {
      id: this.deps.ids.uuid(), username, displayName: checkDisplayName(input.displayName), role, passwordHash: await hashUserPassword(password),
      mustChangePassword: input.mustChangePassword ?? generated !== undefined, at: this.deps.clock.now(),
    });
    if (!row) throw new ConflictError(`user ${username} already exists`, { username });
    await this.record({ actor, action: 'user.created', target: row.id, detail: { username, role } });
    return { user: toAccountView(row), ...(generated ? { password: generated } : {}) };
  }

  /**
   * Changes a user's role, display name, disabled flag or password. Disabling or a new password ends the
   * user's sessions (except the caller's own); demoting or disabling the last enabled admin is refused.
   */
  async update(id: string, changes: UserChanges, actor: Principal | null, keepSessionId?: string): Promise<AccountView> {
    const role = changes.role === undefined ? undefined : checkRole(changes.role);
    const displayName = changes.displayName === undefined ? undefined : checkDisplayName(changes.displayName);
    const passwordHash = changes.password === undefined ? undefined : await hashUserPassword(checkPasswordPolicy(changes.password));
    const self = actor?.kind === 'user' && actor.id === id;
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const admins = await lockActiveAdmins(trx);
      const current = await findUserById(trx, id);
      if (!current) throw new NotFoundError('user', id);
      const losesAdmin = admins.includes(id) && ((role !== undefined && role !== 'admin') || changes.disabled === true);
      if (losesAdmin && admins.length <= 1) throw new LastAdminError(changes.disabled ? 'disable' : 'demote');
      const row = await updateUser(trx, id, {
        updated_at: this.deps.clock.now(),
        ...(role !== undefined ? { role } : {}),
        ...(displayName !== undefined ? { display_name: displayName } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        ...(passwordHash ? { password_hash: passwordHash, password_changed_at: this.deps.clock.now(), must_change_password: !self } : {}),
      });
      if (changes.disabled || passwordHash) await deleteSessionsOfUser(trx, id, self ? keepSessionId : undefined);
      return row as UserRow;
    });
    const detail: Record<string, unknown> = { username: updated.username };
    if (role !== undefined) detail.role = role;
    if (displayName !== undefined) detail.displayName = displayName;
    if (changes.disabled !== undefined) detail.disabled = changes.disabled;
    if (passwordHash) detail.passwordChanged = true;
    await this.record({ actor, action: 'user.updated', target: id, detail });
    return toAccountView(updated);
  }

  /** Deletes a user and their sessions; the last enabled admin cannot be deleted. */
  async remove(id: string, actor: Principal | null): Promise<void> {
    const username = await this.deps.db.transaction().execute(async (trx) => {
      const admins = await lockActiveAdmins(trx);
      const current = await findUserById(trx, id);
      if (!current) throw new NotFoundError('user', id);
      if (admins.includes(id) && admins.length <= 1) throw new LastAdminError('delete');
      await deleteUser(trx, id);
      return current.username;
    });
    await this.record({ actor, action: 'user.deleted', target: id, detail: { username } });
  }

  /** Sets a user's password by name (the CLI's `users passwd`); without one a password is generated and returned. */
  async resetPassword(username: string, password: string | undefined, actor: Principal | null): Promise<{ user: AccountView; password: string }> {
    const row = await findUserByUsername(this.deps.db, username);
    if (!row) throw new NotFoundError('user', username);
    const chosen = password === undefined ? this.deps.ids.token(18) : checkPasswordPolicy(password);
    const at = this.deps.clock.now();
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const next = await updateUser(trx, row.id, { password_hash: await hashUserPassword(chosen), password_changed_at: at, updated_at: at, must_change_password: password === undefined });
      await deleteSessionsOfUser(trx, row.id);
      return next as UserRow;
    });
    await this.record({ actor, actorName: actor ? undefined : 'cli', action: 'user.password_reset', target: row.id, detail: { username: row.username } });
    return { user: toAccountView(updated), password: chosen };
  }

  /** Disables (or re-enables) a user by name, as the CLI does; same last-admin rule as `update`. */
  async setDisabledByName(username: string, disabled: boolean, actor: Principal | null): Promise<AccountView> {
    const row = await findUserByUsername(this.deps.db, username);
    if (!row) throw new NotFoundError('user', username);
    return this.update(row.id, { disabled }, actor);
  }
}
