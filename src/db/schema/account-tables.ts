import type { Generated } from 'kysely';
import type { Timestamp, Json } from './columns.js';

// Accounts, sessions of users, API tokens, audit, and security records (migrations 002, 017).

export interface UsersTable {
  id: string;
  username: string;
  display_name: string | null;
  role: 'admin' | 'operator' | 'technician' | 'viewer' | 'driver';
  password_hash: string;
  disabled: Generated<boolean>;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
  password_changed_at: Timestamp | null;
}

export interface UserSessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: 'admin' | 'operator' | 'technician' | 'viewer' | 'driver';
  token_hash: string;
  created_at: Timestamp;
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginFailuresTable {
  id: Generated<string>;
  at: Timestamp;
  username: string;
  ip: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  detail: Json;
  ip: string | null;
  result: Generated<'ok' | 'refused' | 'error'>;
}

export interface SecuritySourcesTable {
  id: string;
  name: string;
  secret: string;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface SecurityCamerasTable {
  source_id: string;
  camera_id: string;
  site_id: string | null;
  station_ids: Generated<string[]>;
}

export interface CameraEventsTable {
  id: Generated<string>;
  source_id: string;
  source_name: string;
  camera_id: string;
  event_type: string;
  at: Timestamp;
  received_at: Timestamp;
  snapshot_url: string | null;
  details: Json;
  site_id: string | null;
  station_ids: string[];
  signature: string;
}

export interface StationLoginFailuresTable {
  id: Generated<string>;
  station_id: string;
  address: string | null;
  reason: string;
  at: Timestamp;
}

export interface AuthorizationRefusalsTable {
  id: Generated<string>;
  station_id: string;
  id_token: string;
  status: string;
  phase: string;
  at: Timestamp;
}
