// Id tokens, drivers, the message log and sites.

// ---- id tokens -----------------------------------------------------------------------------
/** The id token types of OCPP 2.0.1 (1.6 idTags have no type; they are stored as ISO14443 or Central). */
export type IdTokenTypeName = 'Central' | 'eMAID' | 'ISO14443' | 'ISO15693' | 'KeyCode' | 'Local' | 'MacAddress' | 'NoAuthorization';
/**
 * A driver's id token (RFID card, app id, key code, eMAID, MAC address). GET /api/id-tokens pages them by token
 * text, filtered by status, type, group, driver and a search text. Limits are per token; null means none.
 */
export interface IdTokenView {
  token: string;
  type: string;
  status: 'accepted' | 'blocked' | 'expired' | 'invalid';
  expiresAt: string | null;
  /** The parent id tag (2.0.1 groupIdToken / 1.6 parentIdTag). */
  groupId: string | null;
  label: string | null;
  driverId: string | null;
  driverName: string | null;
  /** At most this many sessions at the same time. */
  maxConcurrentSessions: number | null;
  /** At most this much energy per calendar month, kWh. */
  monthlyEnergyKwh: number | null;
  /** At most this many sessions started per calendar month. */
  monthlySessions: number | null;
  /** False when the token is longer than a 1.6 idTag (20 characters): 1.6 stations cannot use it. */
  ocpp16: boolean;
  createdAt: string;
  updatedAt: string;
}
/** GET /api/id-tokens query. `driverId=none` lists tokens without a driver. */
export interface IdTokenQuery { status?: IdTokenView['status']; type?: string; group?: string; driverId?: string; search?: string; cursor?: string; limit?: number }
/** POST /api/id-tokens */
export interface IdTokenRequest {
  token: string; type?: string; status?: IdTokenView['status']; label?: string; groupId?: string; expiresAt?: string; driverId?: string;
  maxConcurrentSessions?: number; monthlyEnergyKwh?: number; monthlySessions?: number;
}
/** PATCH /api/id-tokens/:token (null clears a field). */
export interface IdTokenUpdate {
  status?: IdTokenView['status']; label?: string | null; expiresAt?: string | null; groupId?: string | null; driverId?: string | null;
  maxConcurrentSessions?: number | null; monthlyEnergyKwh?: number | null; monthlySessions?: number | null;
}
/** GET /api/id-tokens/:token/usage: this calendar month's use (in the server's or the given time zone). */
export interface IdTokenUsageView { token: string; from: string; to: string; sessions: number; energyWh: number; activeSessions: number }
/** A distinct group id tag with how many tokens carry it (GET /api/id-tokens/groups). */
export interface TokenGroupView { groupId: string; tokens: number }
/**
 * POST /api/id-tokens/import: a CSV (text/csv body, or JSON `{ csv }`) with a header row naming the columns
 * token,type,status,expires_at,group,label,driver_email (only `token` is required; order is free). Valid
 * rows are added or updated in one transaction; every other row is reported with its line number.
 */
export interface TokenImportRequest { csv: string }
export interface TokenImportRejection { line: number; token: string | null; reason: string }
export interface TokenImportReport { added: number; updated: number; rejected: TokenImportRejection[] }

// ---- drivers -------------------------------------------------------------------------------
/** A driver: an account with the `driver` role (`userId`) or just a name and contact. Owns id tokens. */
export interface DriverView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  userId: string | null;
  username: string | null;
  notes: string | null;
  tokenCount: number;
  createdAt: string;
  updatedAt: string;
}
/** GET /api/drivers?search= (name, e-mail or phone) */
export interface DriverQuery { search?: string; cursor?: string; limit?: number }
/** POST /api/drivers */
export interface DriverRequest { name: string; email?: string | null; phone?: string | null; userId?: string | null; notes?: string | null }
/** PATCH /api/drivers/:id (null clears). */
export interface DriverUpdate { name?: string; email?: string | null; phone?: string | null; userId?: string | null; notes?: string | null }

// ---- message log ---------------------------------------------------------------------------
export interface OcppMessageView { at: string; direction: 'in' | 'out'; messageType: number | null; messageId: string | null; action: string | null; frame: string }

// ---- sites ---------------------------------------------------------------------------------
export interface SiteView {
  id: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: string;
  /** e.g. { mon: [['07:00','22:00']], … }; empty = always open. */
  openingHours: Record<string, Array<[string, string]>>;
  /** The most power the site may draw, kW; null when not set. */
  maxPowerKw: number | null;
  stationCount: number;
  onlineCount: number;
  powerW: number;
  activeSessions: number;
}
export interface SiteRequest { name: string; address?: string | null; latitude?: number | null; longitude?: number | null; timezone?: string; openingHours?: Record<string, Array<[string, string]>>; maxPowerKw?: number | null }
