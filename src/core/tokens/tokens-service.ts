import type { DomainEvent } from '../../bus/bus.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import { deleteToken, findToken, insertToken, listTokens, toIdToken, updateToken, updateTokenStatus } from './tokens-repository.js';
import { authorizationEvent, ID_TOKEN_TYPES, type AuthorizationContext, type AuthorizationResult, type IdToken, type NewToken, type TokenFilter, type TokenServiceDeps, type TokenStatus } from './tokens.js';

/** 2.0.1 IdTokenType.idToken is at most 36 characters (1.6 idTag: 20). */
const MAX_TOKEN_LENGTH = 36;
const STATUSES: readonly TokenStatus[] = ['accepted', 'blocked', 'expired', 'invalid'];

/** Driver id tokens (RFID cards, app ids, key codes): who may charge, and the operator's management of them. */
export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  /**
   * Decides whether a token may charge. Lookup ignores case (readers differ in hex case); a token past its
   * expiry is Expired; a token not in the database follows the unknown-token policy.
   */
  async authorize(idToken: string, context: AuthorizationContext): Promise<AuthorizationResult> {
    const result = await this.decide(idToken, context);
    // Bus only (not durable): the alert rules count refusals per station and per token.
    this.deps.bus.publish(authorizationEvent(this.deps.clock.now(), idToken, context, result));
    return result;
  }

  private async decide(idToken: string, context: AuthorizationContext): Promise<AuthorizationResult> {
    const row = await findToken(this.deps.db, idToken);
    if (!row) {
      const accept = this.deps.settings.unknownTokens === 'accept';
      if (!accept) this.deps.logger.info({ stationId: context.stationId, idToken, type: context.type }, 'unknown id token refused');
      return { status: accept ? 'Accepted' : 'Invalid', known: false };
    }
    const extra = { ...(row.expires_at ? { expiresAt: row.expires_at } : {}), ...(row.group_id ? { groupId: row.group_id } : {}), known: true };
    if (row.status === 'accepted' && row.expires_at && row.expires_at.getTime() <= this.deps.clock.nowMs()) return { status: 'Expired', ...extra };
    const status = row.status === 'accepted' ? 'Accepted' : row.status === 'blocked' ? 'Blocked' : row.status === 'expired' ? 'Expired' : 'Invalid';
    return { status, ...extra };
  }

  /** A page of tokens ordered by their text. */
  async list(filter: TokenFilter = {}): Promise<{ items: IdToken[]; total: number }> {
    if (filter.status && !STATUSES.includes(filter.status)) throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
    const { rows, total } = await listTokens(this.deps.db, filter, limit, offset);
    return { items: rows, total };
  }

  /** One token (case-insensitive); NotFoundError if unknown. */
  async get(token: string): Promise<IdToken> {
    const row = await findToken(this.deps.db, token);
    if (!row) throw new NotFoundError('id token', token);
    return toIdToken(row);
  }

  /** Adds a token; ConflictError when the same text (ignoring case) exists. */
  async add(input: NewToken): Promise<IdToken> {
    const token = input.token.trim();
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new ValidationError(`an id token is 1 to ${MAX_TOKEN_LENGTH} characters`, { token: input.token });
    const type = input.type ?? 'ISO14443';
    if (!(ID_TOKEN_TYPES as readonly string[]).includes(type)) throw new ValidationError(`type must be one of ${ID_TOKEN_TYPES.join(', ')}`, { type });
    const status = input.status ?? 'accepted';
    if (!STATUSES.includes(status)) throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`, { status });
    let expiresAt: Date | null = null;
    if (input.expiresAt !== undefined) {
      expiresAt = input.expiresAt instanceof Date ? input.expiresAt : new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('expiresAt is not a valid date', { expiresAt: String(input.expiresAt) });
    }
    const created = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const created = await insertToken(trx, { token, type, status, expiresAt, groupId: input.groupId ?? null, label: input.label ?? null, at: this.deps.clock.now() });
      return { result: created, events: created ? [this.event('token.added', { token, type, status })] : [] };
    });
    if (!created) throw new ConflictError(`id token ${token} already exists`, { token });
    return created;
  }

  /** Blocks, unblocks or otherwise changes a token's status. */
  async setStatus(token: string, status: TokenStatus): Promise<IdToken> {
    if (!STATUSES.includes(status)) throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`, { status });
    const updated = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const updated = await updateTokenStatus(trx, token, status, this.deps.clock.now());
      return { result: updated, events: updated ? [this.event('token.status', { token: updated.token, status })] : [] };
    });
    if (!updated) throw new NotFoundError('id token', token);
    return updated;
  }

  /** Changes a token's status, label and/or expiry (null removes the label or the expiry). */
  async update(token: string, patch: { status?: TokenStatus; label?: string | null; expiresAt?: Date | string | null }): Promise<IdToken> {
    if (patch.status !== undefined && !STATUSES.includes(patch.status)) throw new ValidationError(`status must be one of ${STATUSES.join(', ')}`, { status: patch.status });
    let expiresAt: Date | null | undefined;
    if (patch.expiresAt !== undefined && patch.expiresAt !== null) {
      expiresAt = new Date(patch.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) throw new ValidationError('expiresAt is not a valid date', { expiresAt: String(patch.expiresAt) });
    } else {
      expiresAt = patch.expiresAt;
    }
    const updated = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const updated = await updateToken(trx, token, { status: patch.status, label: patch.label, expiresAt }, this.deps.clock.now());
      return { result: updated, events: updated ? [this.event('token.updated', { token: updated.token, status: updated.status })] : [] };
    });
    if (!updated) throw new NotFoundError('id token', token);
    return updated;
  }

  /** Deletes a token (sessions keep the token text they were started with). */
  async remove(token: string): Promise<void> {
    const removed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const removed = await deleteToken(trx, token);
      return { result: removed, events: removed ? [this.event('token.removed', { token: removed })] : [] };
    });
    if (!removed) throw new NotFoundError('id token', token);
  }

  private event(type: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data };
  }
}
