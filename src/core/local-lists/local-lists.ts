/**
 * Local authorization lists, version-neutral: what a station's list holds, the updates sent to it, and the
 * commands that carry them (translated to OCPP 1.6 / 2.0.1 in src/handlers).
 */

/** A token's standing as a list entry carries it (1.6 AuthorizationStatus; 2.0.1 has these too). */
export type ListEntryStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid';

/** One entry of a station's local list. */
export interface ListEntry {
  idToken: string;
  /** 2.0.1 IdTokenEnumType (1.6 idTags have no type). */
  type: string;
  status: ListEntryStatus;
  expiresAt: Date | null;
  /** Parent id tag (1.6) / groupIdToken (2.0.1). */
  groupId: string | null;
}

/** One change of a differential update: an entry to add or replace, or (`entry` absent) a token to remove. */
export type ListChange = { idToken: string; type: string; entry?: ListEntry };

/** One SendLocalList message. */
export interface ListUpdate {
  version: number;
  kind: 'Full' | 'Differential';
  changes: ListChange[];
}

/** The station's answer to SendLocalList; CALLERROR NotSupported / NotImplemented become NotSupported. */
export type SendListStatus = 'Accepted' | 'Failed' | 'NotSupported' | 'VersionMismatch';

/** What a station says about its local list (configuration keys or device-model variables). */
export interface ListLimits {
  /** False when the station has its local list switched off; null when it does not say. */
  enabled: boolean | null;
  /** The most entries the list holds (1.6 LocalAuthListMaxLength); null when not known. */
  maxEntries: number | null;
  /** The most entries one SendLocalList may carry (1.6 SendLocalListMaxLength, 2.0.1 ItemsPerMessage). */
  perMessage: number | null;
  /** The longest id token the protocol allows (1.6 idTag: 20, 2.0.1: 36). */
  maxTokenLength: number;
}

/** The local list commands of one connected station, whatever protocol it speaks. */
export interface LocalListCommands {
  sendLocalList(stationId: string, update: ListUpdate): Promise<{ status: SendListStatus; raw: Record<string, unknown> }>;
  /** The station's list version; null when it says it has no local list support (1.6: -1, or NotSupported). */
  getLocalListVersion(stationId: string): Promise<{ version: number | null; raw: Record<string, unknown> }>;
  readLimits(stationId: string): Promise<ListLimits>;
  /** Clears the station's authorization cache (ClearCache); resolves with its answer. */
  clearCache(stationId: string): Promise<string>;
  /** Whether the station is connected to this node (only then can it be sent anything). */
  isConnected(stationId: string): boolean;
}

/** Where a station's list stands. */
export type SyncState = 'in_sync' | 'pending' | 'failed' | 'not_supported' | 'disabled';

/** A station's local list state as stored. */
export interface ListState {
  stationId: string;
  ourVersion: number;
  stationVersion: number | null;
  state: SyncState;
  error: string | null;
  fullNeeded: boolean;
  dropped: number;
  maxEntries: number | null;
  perMessage: number | null;
  failures: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastSyncAt: Date | null;
  lastCheckAt: Date | null;
}

/** A token a station may accept on its own, as the access decision lists it. */
export interface AllowedToken {
  token: string;
  expiresAt: Date | null;
  groupId: string | null;
}

/** The tokens a station may accept at a time (the access rules' decision: `AccessDecider.tokensAllowedAt`). */
export type AllowedTokens = (stationId: string, at: Date) => Promise<AllowedToken[]>;
