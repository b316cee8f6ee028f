import type { CommandRequest, CommandResult } from '../../http/api-types.js';
import { AppError, NotFoundError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import type { AccessDecision, AccessQuery, AccessTokenSource } from './access.js';

/** A driver's request to start charging on a connector of a station with one of their tokens. */
export interface DriverRemoteStartInput {
  stationId: string;
  /** 1.6 connector (= EVSE) or 2.0.1 EVSE; the station picks one when neither is given. */
  evseId?: number;
  connectorId?: number;
  tokenId: string;
}

/** The driver's token may not be used there (or then): the decider's status and reason. */
export class AccessRefusedError extends AppError {
  constructor(decision: AccessDecision) {
    super('access_refused', decision.reason, 403, { status: decision.status });
  }
}

/** What a driver's remote start is built from; supplied by server.ts. */
export interface DriverRemoteStartDeps {
  clock: Clock;
  decider: { decide(query: AccessQuery): Promise<AccessDecision> };
  tokens: Pick<AccessTokenSource, 'facts'>;
  /** The driver record of a user account (a driver signs in as that user). */
  drivers: { ofUser(userId: string): Promise<{ id: string } | undefined> };
  commands: { run(stationId: string, request: CommandRequest, sentBy: string): Promise<CommandResult> };
}

/**
 * Remote start from the app: a driver starts a session with their own token, only where and when the
 * decider accepts that token; the station's real answer (Accepted / Rejected) is returned.
 */
export class DriverRemoteStart {
  constructor(private readonly deps: DriverRemoteStartDeps) {}

  /** Checks ownership and access, then sends RemoteStartTransaction / RequestStartTransaction. */
  async start(driver: { userId: string; name: string }, input: DriverRemoteStartInput): Promise<CommandResult> {
    const [facts, owner] = await Promise.all([this.deps.tokens.facts(input.tokenId), this.deps.drivers.ofUser(driver.userId)]);
    // Another driver's token is reported like a missing one: the caller learns nothing about tokens not theirs.
    if (!facts || !owner || facts.driverId !== owner.id) throw new NotFoundError('id token', input.tokenId);
    const evseId = input.evseId ?? input.connectorId;
    const decision = await this.deps.decider.decide({
      idToken: facts.token, stationId: input.stationId, at: this.deps.clock.now(), where: 'authorize', ...(evseId !== undefined ? { evseId } : {}),
    });
    if (decision.status !== 'Accepted') throw new AccessRefusedError(decision);
    const request: CommandRequest = {
      command: 'remote-start', idToken: facts.token,
      // A connector alone names the EVSE (1.6: connector N is EVSE N); with an EVSE it is that EVSE's connector.
      ...(evseId !== undefined ? { evseId } : {}), ...(input.evseId !== undefined && input.connectorId !== undefined ? { connectorId: input.connectorId } : {}),
    };
    return this.deps.commands.run(input.stationId, request, driver.name);
  }
}
