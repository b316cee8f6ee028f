import type { Role } from './common.js';

// Accounts and sign-in, stations and station commands.

// ---- auth ----------------------------------------------------------------------------------
export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** True until the user replaces a generated one-time password (POST /api/auth/password). */
  mustChangePassword: boolean;
}
/** POST /api/auth/login body. */
export interface LoginRequest { username: string; password: string }
/** POST /api/auth/login and GET /api/auth/me. Send `csrfToken` as header `x-csrf-token` on every unsafe request made with the cookie. */
export interface SessionInfo { user: UserView; csrfToken: string }
export interface ApiTokenView { id: string; name: string; role: Role; createdAt: string; lastUsedAt: string | null; revokedAt: string | null; createdBy: string | null }
/** POST /api/api-tokens answer: the secret is shown once. */
export interface CreatedApiToken extends ApiTokenView { token: string }

// ---- stations ------------------------------------------------------------------------------
export type Admission = 'pending' | 'accepted' | 'rejected' | 'disabled';

export interface ConnectorLive {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorErrorCode: string | null;
  statusAt: string | null;
  /** The running session on this connector, if any. */
  sessionId: number | null;
  powerW: number | null;
  energyWh: number | null;
  soc: number | null;
  /** The maintenance window the connector's port (or its whole station) is in: out of service on purpose. */
  maintenance?: ConnectorMaintenance | null;
}

/** A port in maintenance mode. */
export interface ConnectorMaintenance { windowId: number; reason: string; endsAt: string | null }

export interface StationListItem {
  id: string;
  name: string | null;
  admission: Admission;
  protocol: '1.6' | '2.0.1' | null;
  vendor: string | null;
  model: string | null;
  firmwareVersion: string | null;
  siteId: string | null;
  siteName: string | null;
  simulated: boolean;
  online: boolean;
  lastSeenAt: string | null;
  /** Worst connector status first: Faulted > Unavailable > Charging > … ; null without connectors. */
  status: string | null;
  connectors: ConnectorLive[];
  powerW: number;
}

export interface StationDetail extends StationListItem {
  serialNumber: string | null;
  iccid: string | null;
  imsi: string | null;
  meterType: string | null;
  meterSerialNumber: string | null;
  hasPassword: boolean;
  /** Security profile of the latest connection (0 none, 1 Basic, 2 TLS + Basic, 3 client certificate). */
  securityProfile: number;
  /** The lowest security profile the station may connect with. */
  requiredSecurityProfile: number;
  location: { latitude: number | null; longitude: number | null; address: string | null };
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastBootAt: string | null;
  createdAt: string;
  boots: Array<{ at: string; reason: string | null; firmwareVersion: string | null }>;
  /** Recent connections, newest first (online history). */
  connections: Array<{ connectedAt: string; disconnectedAt: string | null; closeReason: string | null }>;
  /** Last known configuration (1.6 GetConfiguration results / 2.0.1 NotifyReport variables). */
  configuration: Array<{ key: string; value: string | null; readonly: boolean }>;
}

/** GET /api/stations query. */
export interface StationQuery {
  status?: string; online?: boolean; admission?: Admission; siteId?: string; model?: string; firmware?: string;
  protocol?: '1.6' | '2.0.1'; search?: string; sort?: 'id' | 'name' | 'lastSeenAt' | 'status'; order?: 'asc' | 'desc';
  cursor?: string; limit?: number;
}
/** POST /api/stations */
export interface CreateStationRequest { id: string; name?: string; siteId?: string; password?: string }
/** PATCH /api/stations/:id (password null removes it). */
export interface UpdateStationRequest { name?: string | null; siteId?: string | null; password?: string | null; /** Lowest security profile allowed (0-3). */ securityProfile?: number; location?: { latitude?: number | null; longitude?: number | null; address?: string | null } }

// ---- commands ------------------------------------------------------------------------------
/** POST /api/stations/:id/commands/:command — each waits for the station's real answer. */
export type CommandRequest =
  | { command: 'reset'; kind: 'soft' | 'hard' }
  | { command: 'remote-start'; evseId?: number; connectorId?: number; idToken: string }
  | { command: 'remote-stop'; sessionId: number }
  | { command: 'unlock'; evseId: number; connectorId: number }
  | { command: 'availability'; availability: 'operative' | 'inoperative'; evseId?: number; connectorId?: number }
  | { command: 'get-configuration'; keys?: string[] }
  | { command: 'change-configuration'; key: string; value: string }
  | { command: 'trigger'; message: string; evseId?: number; connectorId?: number }
  | { command: 'clear-cache' }
  | { command: 'data-transfer'; vendorId: string; messageId?: string; data?: string };
export type CommandName = CommandRequest['command'];
/** The answer: the station's status word and its raw CALLRESULT; failures are ApiErrors (504 offline/timeout, 502 CALLERROR). */
export interface CommandResult {
  id: string;
  status: string;
  raw: Record<string, unknown>;
  /** For get-configuration. */
  configuration?: Array<{ key: string; value: string | null; readonly: boolean }>;
  unknownKeys?: string[];
  durationMs: number;
}
export interface CommandLogEntry { id: string; stationId: string; command: string; request: Record<string, unknown>; status: string | null; error: string | null; sentBy: string; sentAt: string; durationMs: number | null }
