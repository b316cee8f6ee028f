import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json, DefaultTimestamp } from './columns.js';

// Stations, connectors, sessions, samples and the message log (migrations 001, 005, 012, 015).

export interface StationsTable {
  id: string;
  name: string | null;
  admission: 'pending' | 'accepted' | 'rejected' | 'disabled';
  protocol: '1.6' | '2.0.1' | null;
  vendor: string | null;
  model: string | null;
  serial_number: string | null;
  firmware_version: string | null;
  iccid: string | null;
  imsi: string | null;
  meter_type: string | null;
  meter_serial_number: string | null;
  password_hash: string | null;
  security_profile: Generated<number>;
  required_security_profile: Generated<number>;
  simulated: Generated<boolean>;
  online: Generated<boolean>;
  node_id: string | null;
  last_seen_at: Timestamp | null;
  connected_at: Timestamp | null;
  disconnected_at: Timestamp | null;
  last_boot_at: Timestamp | null;
  availability: Generated<string>;
  station_status: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  site_id: string | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
}

export interface StationBootsTable {
  id: Generated<string>;
  station_id: string;
  at: Timestamp;
  reason: string | null;
  protocol: string;
  vendor: string | null;
  model: string | null;
  firmware_version: string | null;
  serial_number: string | null;
}

export interface StationConnectionsTable {
  id: Generated<string>;
  station_id: string;
  node_id: string;
  connected_at: Timestamp;
  disconnected_at: Timestamp | null;
  close_reason: string | null;
}

export interface ConnectorsTable {
  station_id: string;
  evse_id: number;
  connector_id: number;
  status: string;
  error_code: string | null;
  info: string | null;
  vendor_id: string | null;
  vendor_error_code: string | null;
  status_at: Timestamp | null;
  updated_at: DefaultTimestamp;
}

export interface ConnectorStatusHistoryTable {
  id: Generated<string>;
  station_id: string;
  evse_id: number;
  connector_id: number;
  status: string;
  error_code: string | null;
  info: string | null;
  vendor_error_code: string | null;
  at: Timestamp;
  recorded_at: Timestamp;
}

export interface IdTokensTable {
  id: Generated<string>;
  token: string;
  type: Generated<string>;
  status: Generated<'accepted' | 'blocked' | 'expired' | 'invalid'>;
  expires_at: Timestamp | null;
  group_id: string | null;
  label: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  driver_id: string | null;
  max_concurrent_sessions: number | null;
  monthly_energy_kwh: number | null;
  monthly_sessions: number | null;
}

export interface DriversTable {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  user_id: string | null;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<number>;
  station_id: string;
  transaction_ref: string;
  protocol: string;
  evse_id: number;
  connector_id: number;
  id_token: string | null;
  id_token_type: string | null;
  auth_status: string | null;
  state: Generated<'active' | 'completed'>;
  started_at: Timestamp;
  stopped_at: Timestamp | null;
  meter_start_wh: number | null;
  meter_stop_wh: number | null;
  last_register_wh: number | null;
  energy_wh: Generated<number>;
  power_w: number | null;
  soc: number | null;
  last_sample_at: Timestamp | null;
  charging_state: string | null;
  stop_reason: string | null;
  remote_start_id: number | null;
  seq_no: number | null;
  start_key: string | null;
  offline: Generated<boolean>;
  anomaly: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** The tariff fixed at the session's start (migration 004). */
  tariff_id: string | null;
  tariff_version: number | null;
  tariff: Json | null;
  /** When the tariff was resolved (set even when none applied). */
  tariff_at: Timestamp | null;
  /** The final cost, written at stop. */
  cost: Json | null;
  cost_total: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  currency: string | null;
  /** What the EV said it needs, 2.0.1 NotifyEVChargingNeeds (migration 005). */
  target_soc: number | null;
  energy_requested_wh: number | null;
  departure_at: Timestamp | null;
  ev_max_power_w: number | null;
  ev_capacity_wh: number | null;
  charging_needs: Json | null;
  charging_needs_at: Timestamp | null;
  /** Receive time of the newest message folded into the stored progress (migration 018). */
  progress_through: Timestamp | null;
}

export interface MeterSamplesTable {
  recorded_at: Timestamp;
  at: Timestamp;
  station_id: string;
  evse_id: number;
  connector_id: number;
  session_id: number | null;
  measurand: string;
  phase: string | null;
  location: string | null;
  context: string | null;
  unit: string | null;
  multiplier: number | null;
  value: number | null;
  raw: string | null;
  signed: Json | null;
  /** The 2.0.1 TransactionEvent's seqNo the sample came with (migration 018). */
  seq_no: number | null;
}

export interface OcppMessagesTable {
  recorded_at: Timestamp;
  station_id: string;
  direction: 'i' | 'o';
  message_type: number | null;
  message_id: string | null;
  action: string | null;
  frame: string;
  /** Our answer to a station's CALL (`frame`), kept in the same row; null for a row holding one frame. */
  answered_at: Timestamp | null;
  answer_type: number | null;
  answer: string | null;
}

export interface EventsTable {
  id: Generated<string>;
  recorded_at: Timestamp;
  type: string;
  station_id: string | null;
  session_id: number | null;
  data: Json;
}

export interface OrphanMessagesTable {
  id: Generated<string>;
  station_id: string;
  action: string;
  transaction_ref: string | null;
  payload: Json;
  recorded_at: Timestamp;
}

export interface StationNotificationsTable {
  id: Generated<string>;
  station_id: string;
  kind: string;
  status: string | null;
  detail: Json | null;
  at: Timestamp;
  recorded_at: Timestamp;
}

export interface StationVariablesTable {
  station_id: string;
  component: string;
  component_instance: Generated<string>;
  evse_id: Generated<number>;
  connector_id: Generated<number>;
  variable: string;
  variable_instance: Generated<string>;
  attribute_type: Generated<string>;
  value: string | null;
  mutability: string | null;
  updated_at: Timestamp;
}
