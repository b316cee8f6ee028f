import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { IdTokenView } from '../../http/api-types.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** How a stored token stands. */
export type TokenStatus = 'accepted' | 'blocked' | 'expired' | 'invalid';
export const TOKEN_STATUSES: readonly TokenStatus[] = ['accepted', 'blocked', 'expired', 'invalid'];

/** The id token types of OCPP 2.0.1 (1.6 idTags are stored as ISO14443 or Central unless told otherwise). */
export const ID_TOKEN_TYPES = ['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization'] as const;
export type IdTokenType = (typeof ID_TOKEN_TYPES)[number];

/** An id token as the API presents it. */
export type IdToken = IdTokenView;

/** A token's monthly and concurrency limits; null: no limit. */
export interface TokenLimits {
  maxConcurrentSessions: number | null;
  monthlyEnergyKwh: number | null;
  monthlySessions: number | null;
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
  type?: string;
  /** Exact group id tag (ignoring case). */
  group?: string;
  /** Tokens of this driver; `none` for tokens without one. */
  driverId?: string;
  /** Case-insensitive substring of the token, label, group or driver name. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** What a new token is made of. */
export interface NewToken {
  token: string;
  type?: string;
  label?: string | null;
  groupId?: string | null;
  expiresAt?: Date | string | null;
  status?: TokenStatus;
  driverId?: string | null;
  maxConcurrentSessions?: number | null;
  monthlyEnergyKwh?: number | null;
  monthlySessions?: number | null;
}

/** Changes to a token; null clears a field, undefined leaves it. */
export type TokenPatch = Partial<Omit<NewToken, 'token' | 'type'>>;

/** A token's use in one calendar month, from the sessions started in it. */
export interface TokenUsage {
  from: Date;
  to: Date;
  sessions: number;
  energyWh: number;
}

/**
 * What the token events (`token.added`, `token.updated`, `token.status`, `token.removed`) carry: enough for a
 * local authorization list to send a differential update without reading the token back.
 */
export interface TokenEventData {
  [key: string]: unknown;
  token: string;
  type: string;
  status: TokenStatus;
  expiresAt: string | null;
  groupId: string | null;
  driverId: string | null;
}

/** What the TokenService needs; supplied by server.ts. */
export interface TokenServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  settings: { unknownTokens: 'accept' | 'reject'; /** IANA zone of calendar months for budgets (default UTC). */ timeZone?: string };
}
