import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { CommandRequest } from '../../http/api-types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { reportedStopOnInvalidId } from './access-repository.js';
import type { AccessTokenSource } from './access.js';

/** Who the command log names as sender of the stops this sends. */
export const ACCESS_ACTOR = 'access control';

/** What the enforcer is built from; supplied by server.ts. */
export interface AccessEnforcerDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  tokens: Pick<AccessTokenSource, 'facts' | 'activeSessions'>;
  /** The command path (records every stop in the command log). */
  commands: { run(stationId: string, request: CommandRequest, sentBy: string): Promise<{ status: string }> };
  settings: {
    unknownTokens: 'accept' | 'reject';
    /** Whether to stop when the station never reported its own StopTransactionOnInvalidId / StopTxOnInvalidId. */
    stopTxOnInvalidId: boolean;
  };
}

/**
 * Stops the running sessions of a token that becomes blocked, expired or invalid (or is removed while
 * unknown tokens are refused), as the station itself would on a refused idTagInfo: only where the
 * station's StopTransactionOnInvalidId (1.6) / TxCtrlr.StopTxOnInvalidId (2.0.1) is true, or, when it
 * never reported it, where the network setting says so. Each stop goes through the command path.
 */
export class AccessEnforcer {
  private unsubscribe: (() => void) | undefined;
  /** Token changes are handled one after another (they are rare), so two changes never stop a session twice. */
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AccessEnforcerDeps) {}

  /** Starts following token changes. */
  start(): void {
    this.unsubscribe = this.deps.bus.subscribe((e) => this.onEvent(e), ['token.added', 'token.updated', 'token.status', 'token.removed']);
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** Resolves once the stops queued so far are done (for shutdown and tests). */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  private onEvent(event: DomainEvent): void {
    const token = event.data.token;
    if (typeof token !== 'string') return;
    this.chain = this.chain.then(() => this.enforce(token)).catch((error: Error) => this.deps.logger.error({ idToken: token, err: error.message }, 'stopping sessions of a refused token failed'));
  }

  private async enforce(token: string): Promise<void> {
    const reason = await this.refusal(token);
    if (!reason) return;
    for (const session of await this.deps.tokens.activeSessions(token)) {
      const stop = (await reportedStopOnInvalidId(this.deps.db, session.stationId)) ?? this.deps.settings.stopTxOnInvalidId;
      const log = { stationId: session.stationId, sessionId: session.id, idToken: token, reason };
      if (!stop) {
        this.deps.logger.info(log, 'session of a refused token left running (StopTxOnInvalidId false)');
        continue;
      }
      try {
        const answer = await this.deps.commands.run(session.stationId, { command: 'remote-stop', sessionId: session.id }, `${ACCESS_ACTOR}: ${reason}`);
        this.deps.logger.info({ ...log, status: answer.status }, 'session of a refused token stopped');
      } catch (error) {
        this.deps.logger.warn({ ...log, err: (error as Error).message }, 'stop of a refused token\'s session failed');
      }
    }
  }

  /** Why the token may no longer charge, or undefined when it still may. */
  private async refusal(token: string): Promise<string | undefined> {
    const facts = await this.deps.tokens.facts(token);
    if (!facts) return this.deps.settings.unknownTokens === 'reject' ? `token ${token} was removed` : undefined;
    if (facts.status !== 'accepted') return `token ${facts.token} is ${facts.status}`;
    if (facts.expiresAt && facts.expiresAt.getTime() <= this.deps.clock.nowMs()) return `token ${facts.token} expired`;
    return undefined;
  }
}
