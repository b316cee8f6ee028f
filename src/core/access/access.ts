import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** OCPP 2.0.1 AuthorizationStatusEnumType: every verdict the decider can give. */
export const ACCESS_STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx', 'NoCredit', 'NotAllowedTypeEVSE', 'NotAtThisLocation', 'NotAtThisTime', 'Unknown'] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

/** Where a decision is asked for: an Authorize, a 1.6 start, a 2.0.1 transaction event, or a stop. */
export type AccessWhere = 'authorize' | 'start' | 'transaction' | 'stop';

/** One question to the decider: may this token charge at this station (EVSE) now? */
export interface AccessQuery {
  idToken: string;
  /** The 2.0.1 IdTokenType the station sent (1.6 idTags have none). */
  tokenType?: string;
  stationId: string;
  evseId?: number;
  at: Date;
  where: AccessWhere;
  /** A 2.0.1 TransactionEvent that starts a transaction: its limits are checked as for a start. */
  starting?: boolean;
}

/** The verdict, with why (for the log, the event and the operator) and what the station may cache. */
export interface AccessDecision {
  status: AccessStatus;
  reason: string;
  /** The token's group (parent id tag), when it has one. */
  groupIdToken?: string;
  expiresAt?: Date;
  /** False when the token is not stored (then the unknown-token policy decided). */
  known: boolean;
}

/** How a place is open to tokens. */
export type AccessMode = 'public' | 'private' | 'schedule';

/** Per weekday (`mon`..`sun`), local `HH:MM` ranges [from, to). */
export type WeeklySchedule = Record<string, Array<[string, string]>>;

/** The access rule of a site or a station. */
export interface AccessRule {
  mode: AccessMode;
  /** Token groups (parent id tags) let in by a private rule, or outside a schedule's hours. */
  groupIds: string[];
  /** Drivers whose tokens are let in likewise. */
  driverIds: string[];
  /** Single tokens let in likewise. */
  tokens: string[];
  /** `schedule` mode: when everyone may charge, in the site's time zone. */
  schedule: WeeklySchedule;
  /** `schedule` mode: outside the hours, only the listed groups/drivers/tokens (`listed`) or `nobody`. */
  outside: 'listed' | 'nobody';
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A rule as set through the API; `inherit` removes a station's own rule (a site's: back to public). */
export type AccessRuleInput = Pick<AccessRule, 'mode'> & Partial<Pick<AccessRule, 'groupIds' | 'driverIds' | 'tokens' | 'schedule' | 'outside'>>;

/** The rule in force at a site or station, and where it comes from. */
export interface EffectiveAccessRule extends AccessRule {
  source: 'station' | 'site' | 'default';
}

/** A station's place: its site (name, time zone) and the rules that may apply. */
export interface StationPlace {
  stationId: string;
  siteId: string | null;
  siteName: string | null;
  timezone: string;
  stationRule: AccessRule | undefined;
  siteRule: AccessRule | undefined;
}

/** What the decider reads of a stored token (from the tokens feature). */
export interface TokenFacts {
  token: string;
  status: 'accepted' | 'blocked' | 'expired' | 'invalid';
  expiresAt: Date | null;
  groupId: string | null;
  driverId: string | null;
  maxConcurrentSessions: number | null;
  monthlyEnergyKwh: number | null;
  monthlySessions: number | null;
}

/** The tokens feature as the decider needs it. */
export interface AccessTokenSource {
  /** The stored token (ignoring case), or undefined. */
  facts(token: string): Promise<TokenFacts | undefined>;
  /** The sessions started with the token in the calendar month of `at`, and the energy they delivered. */
  monthUsage(token: string, at: Date): Promise<{ sessions: number; energyWh: number }>;
  /** The sessions running on the token now. */
  activeSessions(token: string): Promise<Array<{ id: number; stationId: string; evseId: number }>>;
  /** Every stored token, for the local lists of a station. */
  all(): Promise<TokenFacts[]>;
}

/** What the decider is built from; supplied by server.ts. */
export interface AccessDeciderDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
  tokens: AccessTokenSource;
  settings: { unknownTokens: 'accept' | 'reject' };
}
