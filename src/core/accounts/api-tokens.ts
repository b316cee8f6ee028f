import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { findActiveApiToken, insertApiToken, listApiTokens, revokeApiToken, touchApiToken } from './accounts-repository.js';
import { ROLES, type AccountsServiceDeps, type ApiTokenView, type AuditLog, type CreatedApiToken, type Principal, type Role } from './accounts.js';
import { hashSecret } from './password-hashing.js';

/** Every API token starts with this, so leaked ones are easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'cw_';
/** `lastUsedAt` is written at most once a minute per token. */
const TOUCH_EVERY_MS = 60_000;

/** Bearer tokens for machines (`Authorization: Bearer cw_…`): scoped to one role, revocable; only a hash is kept. */
export class ApiTokens {
  constructor(private readonly deps: AccountsServiceDeps, private readonly audit: AuditLog) {}

  /** Every token, newest first (revoked ones too, marked). */
  list(): Promise<ApiTokenView[]> {
    return listApiTokens(this.deps.db);
  }

  /** Creates a token; the secret is in the answer only. */
  async create(input: { name: string; role: Role }, actor: Principal | null): Promise<CreatedApiToken> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > 100) throw new ValidationError('a token name is 1 to 100 characters');
    if (!ROLES.includes(input.role)) throw new ValidationError(`role must be one of ${ROLES.join(', ')}`, { role: String(input.role) });
    const token = `${API_TOKEN_PREFIX}${this.deps.ids.token(32)}`;
    const view = await insertApiToken(this.deps.db, {
      id: this.deps.ids.uuid(), name, role: input.role, tokenHash: hashSecret(token),
      createdBy: actor?.kind === 'user' ? actor.id : null, at: this.deps.clock.now(),
    });
    await this.audit.record({ actor, action: 'api_token.created', target: view.id, detail: { name, role: input.role } });
    return { ...view, token };
  }

  /** Revokes a token at once (revoking twice keeps the first time); NotFoundError when unknown. */
  async revoke(id: string, actor: Principal | null): Promise<ApiTokenView> {
    const view = await revokeApiToken(this.deps.db, id, this.deps.clock.now());
    if (!view) throw new NotFoundError('API token', id);
    await this.audit.record({ actor, action: 'api_token.revoked', target: id, detail: { name: view.name } });
    return view;
  }

  /** The principal behind a bearer token, or undefined when it is unknown or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return undefined;
    const row = await findActiveApiToken(this.deps.db, hashSecret(token));
    if (!row) return undefined;
    const now = this.deps.clock.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_EVERY_MS) await touchApiToken(this.deps.db, row.id, now);
    return { kind: 'token', id: row.id, name: row.name, role: row.role };
  }
}
