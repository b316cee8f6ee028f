import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** How a stored token stands. */
export type TokenStatus = 'accepted' | 'blocked' | 'expired' | 'invalid';

/** The id token types of OCPP 2.0.1 (1.6 idTags are stored as ISO14443 unless told otherwise). */
export const ID_TOKEN_TYPES = ['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization'] as const;
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number];

/** An id token as the API presents it. */
export interface IdToken {
  token: string;
  type: string;
  status: TokenStatus;
  expiresAt: string | null;
  groupId: string | null;
  label: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * The verdict on an id token. 1.6 handlers send these statuses as they are (Unknown becomes Invalid);
 * `known` tells 2.0.1 handlers to answer Unknown for a token not in the database.
 */
export interface AuthorizationResult {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'Unknown';
  expiresAt?: Date;
  groupId?: string;
  /** False when the token is not in the database (then Accepted or Invalid by the unknown-token policy). */
  known: boolean;
}

/** Where an authorization decision was asked for: an Authorize, a start, a stop, or a 2.0.1 transaction event. */
export type AuthorizationWhere = 'authorize' | 'start' | 'stop' | 'transaction';

/** Who asks for an authorization decision. */
export interface AuthorizationContext {
  stationId: string;
  type?: string;
  /** Defaults to `authorize`. */
  where?: AuthorizationWhere;
}

/** The bus event of one authorization decision (`token.authorization`, not durable). */
export function authorizationEvent(at: Date, idToken: string, context: AuthorizationContext, result: AuthorizationResult): DomainEvent {
  return {
    type: 'token.authorization', at: at.toISOString(), stationId: context.stationId,
    data: { stationId: context.stationId, idToken, tokenType: context.type ?? null, status: result.status, known: result.known, where: context.where ?? 'authorize' },
  };
}

/** Filters for listing tokens. */
export interface TokenFilter {
  status?: TokenStatus;
  /** Case-insensitive substring of the token, label or group. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** What a new token is made of. */
export interface NewToken {
  token: string;
  type?: string;
  label?: string;
  groupId?: string;
  expiresAt?: Date | string;
  status?: TokenStatus;
}

/** What the TokenService needs; supplied by server.ts. */
export interface TokenServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  settings: { unknownTokens: 'accept' | 'reject' };
}
