import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Role, UserView } from '../../http/api-types.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';

export type { ApiTokenView, CreatedApiToken, Role, SessionInfo, UserView } from '../../http/api-types.js';

/** Every role, most powerful first; `admin` may do everything. */
export const ROLES: readonly Role[] = ['admin', 'operator', 'technician', 'viewer', 'driver'];

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 10;
/** Longer inputs are refused before hashing, so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

/** A user as the API shows it, plus whether they must pick a new password (set for the first admin). */
export interface AccountView extends UserView {
  mustChangePassword: boolean;
}

/** Who is making a request: a logged-in user or a machine holding an API token. */
export interface Principal {
  kind: 'user' | 'token';
  id: string;
  name: string;
  role: Role;
}

/** A request authenticated by the session cookie, with what the HTTP layer needs to check CSRF. */
export interface SessionPrincipal extends Principal {
  kind: 'user';
  sessionId: string;
  csrfToken: string;
}

/** A new user. Without `password` one is generated (and returned once). */
export interface NewUser {
  username: string;
  role: Role;
  displayName?: string | null;
  password?: string;
  mustChangePassword?: boolean;
}

/** Fields an admin may change on a user. */
export interface UserChanges {
  role?: Role;
  displayName?: string | null;
  disabled?: boolean;
  password?: string;
}

/** Where a login attempt came from. */
export interface LoginContext {
  ip: string;
  userAgent?: string | null;
}

/** A successful login: the cookie value (shown only here) and the session it opens. */
export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  user: AccountView;
}

/** Login throttling: at most `maxFailures` failed attempts per window, per username and per IP. */
export interface LoginLimits {
  windowMs: number;
  maxFailuresPerUsername: number;
  maxFailuresPerIp: number;
}

/** Session lifetimes: idle expiry slides with use; the absolute one never moves. */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** One audit log line: who did what to which thing. */
export interface AuditEntry {
  actor: Principal | null;
  /** The name to record when there is no principal (e.g. the username of a failed login). */
  actorName?: string | null;
  /** Dotted verb, e.g. `user.created`, `station.approved`, `auth.login_failed`. */
  action: string;
  target: string | null;
  detail?: Record<string, unknown>;
  /** Where the request came from (defaults to `detail.ip` when that is a string). */
  ip?: string | null;
  /** ok (default), refused (not allowed, wrong credentials) or error. */
  result?: 'ok' | 'refused' | 'error';
}

/** An audit log line as the API shows it. */
export interface AuditEntryView {
  id: string;
  at: string;
  actor: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** Where any part records security-relevant actions; injected into services and routes. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** Filters for reading the audit log, newest first. */
export interface AuditQuery {
  /** Matches actions starting with this text. */
  action?: string;
  actor?: string;
  target?: string;
  /** Only entries with an id below this (the previous page's last id). */
  before?: string;
  limit?: number;
}

/** What the accounts service needs from the process. */
export interface AccountsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  loginLimits?: Partial<LoginLimits>;
  sessionLimits?: Partial<SessionLimits>;
}
