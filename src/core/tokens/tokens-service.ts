import type { DomainEvent } from '../../bus/bus.js';
import { instantOf, localTime } from '../billing/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import { exportTokenCsv, importTokenCsv } from './token-import.js';
import { checkNewToken, checkStatus, checkTokenPatch } from './token-rules.js';
import { activeSessionsOf, usageBetween, type ActiveTokenSession } from './token-usage-repository.js';
import { deleteToken, findToken, findTokenView, insertToken, listGroups, listTokens, updateToken } from './tokens-repository.js';
import {
  authorizationEvent, type AuthorizationContext, type AuthorizationResult, type IdToken, type NewToken, type TokenEventData, type TokenFilter,
  type TokenPatch, type TokenServiceDeps, type TokenStatus, type TokenUsage,
} from './tokens.js';
import type { TokenImportReport } from '../../http/api-types.js';

/** PostgreSQL's foreign key violation: here, a driver id that does not exist. */
async function knownDriver<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23503') throw new ValidationError('no such driver', { driverId: (error as { detail?: string }).detail ?? null });
    throw error;
  }
}

/** What token events carry (see TokenEventData). */
export function tokenEventData(t: Pick<IdToken, 'token' | 'type' | 'status' | 'expiresAt' | 'groupId' | 'driverId'>): TokenEventData {
  return { token: t.token, type: t.type, status: t.status, expiresAt: t.expiresAt, groupId: t.groupId, driverId: t.driverId };
}

/** Driver id tokens (RFID cards, app ids, key codes, eMAIDs): who may charge, their limits and use, and their management. */
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
    if (filter.status) checkStatus(filter.status);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
    const { rows, total } = await listTokens(this.deps.db, filter, limit, offset);
    return { items: rows, total };
  }

  /** One token (case-insensitive); NotFoundError if unknown. */
  async get(token: string): Promise<IdToken> {
    const found = await findTokenView(this.deps.db, token);
    if (!found) throw new NotFoundError('id token', token);
    return found;
  }

  /** One token with its group, expiry, driver and limits (case-insensitive), or undefined: for access decisions. */
  async find(token: string): Promise<IdToken | undefined> {
    return findTokenView(this.deps.db, token);
  }

  /** Every group id tag in use, with how many tokens carry it. */
  async groups(): Promise<Array<{ groupId: string; tokens: number }>> {
    return listGroups(this.deps.db);
  }

  /** Adds a token; ConflictError when the same text (ignoring case) exists, ValidationError when a rule fails. */
  async add(input: NewToken): Promise<IdToken> {
    const checked = checkNewToken(input);
    const created = await knownDriver(() => withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const created = await insertToken(trx, checked, this.deps.clock.now());
      return { result: created, events: created ? [this.event('token.added', created)] : [] };
    }));
    if (!created) throw new ConflictError(`id token ${checked.token} already exists`, { token: checked.token });
    return created;
  }

  /** Blocks, unblocks or otherwise changes a token's status. */
  async setStatus(token: string, status: TokenStatus): Promise<IdToken> {
    const checked = checkStatus(status);
    const updated = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const updated = await updateToken(trx, token, { status: checked }, this.deps.clock.now());
      return { result: updated, events: updated ? [this.event('token.status', updated)] : [] };
    });
    if (!updated) throw new NotFoundError('id token', token);
    return updated;
  }

  /** Changes a token's status, label, expiry, group, driver or limits (null clears a field). */
  async update(token: string, patch: TokenPatch): Promise<IdToken> {
    const set = checkTokenPatch(patch);
    const updated = await knownDriver(() => withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const updated = await updateToken(trx, token, set, this.deps.clock.now());
      const onlyStatus = Object.keys(set).length === 1 && set.status !== undefined;
      return { result: updated, events: updated ? [this.event(onlyStatus ? 'token.status' : 'token.updated', updated)] : [] };
    }));
    if (!updated) throw new NotFoundError('id token', token);
    return updated;
  }

  /** Gives a token to a driver, or takes it away (null). */
  async assign(token: string, driverId: string | null): Promise<IdToken> {
    return this.update(token, { driverId });
  }

  /** Deletes a token (sessions keep the token text they were started with). */
  async remove(token: string): Promise<void> {
    const removed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const row = await deleteToken(trx, token);
      const data = row && tokenEventData({ token: row.token, type: row.type, status: row.status, expiresAt: row.expires_at?.toISOString() ?? null, groupId: row.group_id, driverId: row.driver_id });
      return { result: row, events: data ? [{ type: 'token.removed', at: this.deps.clock.now().toISOString(), data }] : [] };
    });
    if (!removed) throw new NotFoundError('id token', token);
  }

  /**
   * Sessions started with a token in the calendar month of `at` (in `timeZone`, default the configured one
   * or UTC) and their energy so far: what monthly budgets are checked against. Cheap: sessions_id_token_idx.
   */
  async usageThisMonth(token: string, at: Date = this.deps.clock.now(), timeZone = this.deps.settings.timeZone ?? 'UTC'): Promise<TokenUsage> {
    let local;
    try {
      local = localTime(timeZone, at.getTime());
    } catch {
      throw new ValidationError(`unknown time zone ${timeZone}`, { timeZone });
    }
    const next = local.month === 12 ? { year: local.year + 1, month: 1 } : { year: local.year, month: local.month + 1 };
    const from = new Date(instantOf(timeZone, local.year, local.month, 1, 0));
    const to = new Date(instantOf(timeZone, next.year, next.month, 1, 0));
    return { from, to, ...(await usageBetween(this.deps.db, token, from, to)) };
  }

  /** The sessions running on a token now (for the concurrent-sessions limit). */
  async activeSessions(token: string): Promise<ActiveTokenSession[]> {
    return activeSessionsOf(this.deps.db, token);
  }

  /** Adds or updates the valid rows of a token CSV in one transaction and reports every refused row. */
  async importCsv(text: string): Promise<TokenImportReport> {
    return importTokenCsv(this.deps, text);
  }

  /** Every token as CSV (the import's columns), in chunks of text. */
  exportCsv(): AsyncGenerator<string, void, undefined> {
    return exportTokenCsv(this.deps.db);
  }

  private event(type: string, token: IdToken): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data: tokenEventData(token) };
  }
}
