import { ValidationError } from '../shared/app-error.js';
import { TooManyAttemptsError, UnauthenticatedError } from './account-errors.js';
import {
  clearLoginFailures, deleteExpiredSessions, deleteSessionByHash, deleteSessionsOfUser, findLiveSession, findUserById,
  findUserByUsername, insertLoginFailure, insertSession, nthRecentFailure, toAccountView, touchSession, updateUser,
} from './accounts-repository.js';
import {
  MAX_PASSWORD_LENGTH,
  type AccountsServiceDeps, type AuditLog, type LoginContext, type LoginLimits, type LoginResult, type SessionLimits, type SessionPrincipal,
} from './accounts.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashSecret, hashUserPassword, verifyNothing, verifyUserPassword } from './password-hashing.js';

/** 5 failures per username and 20 per address in 15 minutes. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, maxFailuresPerUsername: 5, maxFailuresPerIp: 20 };
/** 12 hours idle, 7 days at most. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000 };
/** A session's idle expiry is pushed forward at most once a minute, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Password logins and the browser sessions they open. The cookie carries a random 32-byte token of which only
 * the SHA-256 is stored; failed logins are counted in the database (so the limits hold across nodes).
 */
export class SessionAuth {
  private readonly loginLimits: LoginLimits;
  private readonly sessionLimits: SessionLimits;

  constructor(private readonly deps: AccountsServiceDeps, private readonly audit: AuditLog) {
    this.loginLimits = { ...DEFAULT_LOGIN_LIMITS, ...deps.loginLimits };
    this.sessionLimits = { ...DEFAULT_SESSION_LIMITS, ...deps.sessionLimits };
  }

  /**
   * Checks a username and password and opens a session. Wrong credentials, unknown or disabled users all get
   * the same UnauthenticatedError (and the same time); too many recent failures get TooManyAttemptsError
   * without the password being checked.
   */
  async login(username: string, password: string, context: LoginContext): Promise<LoginResult> {
    if (typeof username !== 'string' || typeof password !== 'string' || username.length === 0 || username.length > 200 || password.length > MAX_PASSWORD_LENGTH) {
      throw new ValidationError('username and password are required');
    }
    const now = this.deps.clock.now();
    await this.throttle(username, context.ip, now);
    const row = await findUserByUsername(this.deps.db, username);
    if (!row) await verifyNothing(password);
    const ok = row ? await verifyUserPassword(password, row.password_hash) : false;
    if (!row || !ok || row.disabled) {
      const reason = !row ? 'unknown user' : !ok ? 'wrong password' : 'disabled';
      await insertLoginFailure(this.deps.db, username, context.ip, now);
      this.deps.logger.warn({ username, ip: context.ip, reason }, 'login failed');
      await this.audit.record({ actor: null, actorName: username, action: 'auth.login_failed', target: row?.id ?? null, ip: context.ip, result: 'refused', detail: { ip: context.ip, reason } });
      throw new UnauthenticatedError('invalid username or password');
    }
    const sessionToken = this.deps.ids.token(32);
    const csrfToken = this.deps.ids.token(24);
    const expiresAt = new Date(now.getTime() + Math.min(this.sessionLimits.idleMs, this.sessionLimits.absoluteMs));
    const absoluteExpiresAt = new Date(now.getTime() + this.sessionLimits.absoluteMs);
    await insertSession(this.deps.db, {
      id: this.deps.ids.uuid(), userId: row.id, tokenHash: hashSecret(sessionToken), csrfToken, at: now, expiresAt, absoluteExpiresAt,
      ip: context.ip, userAgent: context.userAgent?.slice(0, 300) ?? null,
    });
    const updated = await updateUser(this.deps.db, row.id, { last_login_at: now });
    await clearLoginFailures(this.deps.db, username, new Date(now.getTime() - this.loginLimits.windowMs));
    await deleteExpiredSessions(this.deps.db, now);
    this.deps.logger.info({ username: row.username, ip: context.ip }, 'login');
    await this.audit.record({ actor: { kind: 'user', id: row.id, name: row.username, role: row.role }, action: 'auth.login', target: row.id, detail: { ip: context.ip } });
    return { sessionToken, csrfToken, expiresAt, absoluteExpiresAt, user: toAccountView(updated ?? row) };
  }

  private async throttle(username: string, ip: string, now: Date): Promise<void> {
    const { windowMs, maxFailuresPerUsername, maxFailuresPerIp } = this.loginLimits;
    const since = new Date(now.getTime() - windowMs);
    const [byName, byIp] = await Promise.all([
      nthRecentFailure(this.deps.db, 'username', username, since, maxFailuresPerUsername),
      nthRecentFailure(this.deps.db, 'ip', ip, since, maxFailuresPerIp),
    ]);
    const until = Math.max(byName ? byName.getTime() + windowMs : 0, byIp ? byIp.getTime() + windowMs : 0);
    if (until > now.getTime()) {
      const retryAfterS = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      this.deps.logger.warn({ username, ip, retryAfterS, by: byName ? 'username' : 'ip' }, 'login throttled');
      throw new TooManyAttemptsError(retryAfterS);
    }
  }

  /**
   * The principal behind a session cookie, or undefined when the session is unknown, expired or its user
   * disabled. Use slides the idle expiry (never past the absolute one). The role is read fresh each time.
   */
  async authenticate(sessionToken: string): Promise<SessionPrincipal | undefined> {
    if (!sessionToken || sessionToken.length > 200) return undefined;
    const now = this.deps.clock.now();
    const found = await findLiveSession(this.deps.db, hashSecret(sessionToken), now);
    if (!found) return undefined;
    if (now.getTime() - found.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      const expiresAt = new Date(Math.min(now.getTime() + this.sessionLimits.idleMs, found.absoluteExpiresAt.getTime()));
      await touchSession(this.deps.db, found.sessionId, now, expiresAt);
    }
    return { kind: 'user', id: found.id, name: found.username, role: found.role, sessionId: found.sessionId, csrfToken: found.csrfToken };
  }

  /** Ends the session behind a cookie (no error when it is already gone). */
  async logout(sessionToken: string, principal: SessionPrincipal | null): Promise<void> {
    const ended = await deleteSessionByHash(this.deps.db, hashSecret(sessionToken));
    if (ended && principal) await this.audit.record({ actor: principal, action: 'auth.logout', target: principal.id });
  }

  /** A user changes their own password, proving the current one; their other sessions end. */
  async changePassword(principal: SessionPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const next = checkPasswordPolicy(newPassword);
    const row = await findUserById(this.deps.db, principal.id);
    if (!row || typeof currentPassword !== 'string' || !(await verifyUserPassword(currentPassword, row.password_hash))) {
      throw new ValidationError('the current password is wrong', { field: 'currentPassword' });
    }
    if (currentPassword === next) throw new ValidationError('the new password must differ from the current one', { field: 'newPassword' });
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await updateUser(trx, row.id, { password_hash: await hashUserPassword(next), password_changed_at: at, updated_at: at, must_change_password: false });
      await deleteSessionsOfUser(trx, row.id, principal.sessionId);
    });
    await this.audit.record({ actor: principal, action: 'user.password_changed', target: row.id });
  }
}
