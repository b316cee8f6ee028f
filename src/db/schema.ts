import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely; they mirror src/db/migrations. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string, string>;
/** A timestamp the database fills in by default (DefaultTimestamp would nest two ColumnTypes). */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

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
}

export interface OcppMessagesTable {
  recorded_at: Timestamp;
  station_id: string;
  direction: 'i' | 'o';
  message_type: number | null;
  message_id: string | null;
  action: string | null;
  frame: string;
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

export interface SitesTable {
  id: Generated<string>;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: Generated<string>;
  opening_hours: ColumnType<Record<string, Array<[string, string]>>, string | undefined, string>;
  max_power_kw: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One access rule of a site or a station (migration 013). */
export interface AccessRulesTable {
  id: Generated<string>;
  site_id: string | null;
  station_id: string | null;
  mode: 'public' | 'private' | 'schedule';
  group_ids: ColumnType<string[], string[] | undefined, string[]>;
  driver_ids: ColumnType<string[], string[] | undefined, string[]>;
  tokens: ColumnType<string[], string[] | undefined, string[]>;
  schedule: ColumnType<Record<string, Array<[string, string]>>, string | undefined, string>;
  outside: 'listed' | 'nobody';
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CommandLogTable {
  id: Generated<string>;
  station_id: string;
  command: string;
  request: Json;
  status: string | null;
  error: string | null;
  sent_by: string;
  sent_at: Timestamp;
  duration_ms: number | null;
}

export interface FleetPowerTable {
  minute: Timestamp;
  power_w: number;
}

export interface TariffsTable {
  id: Generated<string>;
  current_version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TariffVersionsTable {
  tariff_id: string;
  version: number;
  name: string;
  currency: string;
  vat_percent: ColumnType<string, string | number, string | number>;
  components: Json;
  created_at: Timestamp;
}

export interface TariffAssignmentsTable {
  scope: 'default' | 'site' | 'station' | 'token_group';
  scope_id: string;
  tariff_id: string;
  updated_at: DefaultTimestamp;
}

/** The whole database, as Kysely sees it. */
export interface TicketsTable {
  id: Generated<string>;
  incident_id: string | number | null;
  station_id: string;
  connector_id: number | null;
  title: string;
  description: Generated<string>;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: Generated<'open' | 'in_progress' | 'resolved' | 'closed' | 'cancelled'>;
  assignee_id: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface TicketNotesTable {
  id: Generated<string>;
  ticket_id: string | number;
  author_id: string;
  author_name: string;
  text: string;
  created_at: Timestamp;
}

export interface RemediationRunsTable {
  incident_id: string | number;
  rule_key: string;
  station_id: string;
  evse_id: number | null;
  connector_id: number | null;
  site_id: string | null;
  opened_at: Timestamp;
  state: Generated<'running' | 'stopped' | 'finished'>;
  stop_reason: string | null;
  updated_at: Timestamp;
}

export interface RemediationStepsTable {
  id: Generated<string>;
  incident_id: string | number;
  step_index: number | null;
  action: string;
  station_id: string;
  outcome: 'running' | 'done' | 'skipped' | 'failed';
  answer: string | null;
  guard: string | null;
  actor: string;
  forced: Generated<boolean>;
  at: Timestamp;
}

export interface AlertRulesTable {
  key: string;
  enabled: boolean;
  severity: 'info' | 'warning' | 'critical';
  escalate_after_min: number | null;
  params: Json<Record<string, number | boolean | string>>;
  channels: string[];
  remediation: Json<{ enabled: boolean; steps: Array<{ action: string; afterS: number }> }>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface AlertRuleSitesTable {
  rule_key: string;
  site_id: string;
  enabled: boolean | null;
  severity: 'info' | 'warning' | 'critical' | null;
  params: Json<Record<string, number | boolean | string>>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface AlertSiteSettingsTable {
  site_id: string;
  remediation_enabled: boolean;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface IncidentsTable {
  /** bigserial: read as a string. */
  id: Generated<string>;
  rule_key: string;
  category: string;
  subject_type: 'station' | 'connector' | 'session' | 'site' | 'token' | 'address';
  subject_key: string;
  station_id: string | null;
  evse_id: number | null;
  connector_id: number | null;
  session_id: number | null;
  site_id: string | null;
  severity: 'info' | 'warning' | 'critical';
  severity_rank: ColumnType<number, never, never>;
  state: 'open' | 'acknowledged' | 'resolved';
  title: string;
  details: Json;
  occurrences: Generated<number>;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution_note: string | null;
  auto_resolved: Generated<boolean>;
  assignee_id: string | null;
  ticket_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  escalated_at: Timestamp | null;
}

export interface IncidentTimelineTable {
  id: Generated<string>;
  incident_id: string | number;
  at: Timestamp;
  kind: string;
  actor: string;
  message: string;
  data: Json;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  incident_id: ColumnType<string, number, number>;
  change: 'opened' | 'escalated' | 'resolved';
  severity: 'info' | 'warning' | 'critical';
  title: string;
  station_id: string | null;
  site_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface NotificationSettingsTable {
  user_id: string;
  email: string | null;
  subscriptions: Json<unknown[]>;
  updated_at: Timestamp;
}

export interface EmailDigestItemsTable {
  id: Generated<string>;
  user_id: string;
  incident_id: ColumnType<string, number, number>;
  change: string;
  severity: string;
  title: string;
  station_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface WebhooksTable {
  id: Generated<string>;
  name: string;
  url: string;
  secret: string;
  min_severity: 'info' | 'warning' | 'critical';
  site_ids: string[] | null;
  rule_keys: string[] | null;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  event: string;
  incident_id: ColumnType<string | null, number | null, number | null>;
  body: string;
  state: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  webhook_id: string;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  latency_ms: number;
}

export interface MaintenanceWindowsTable {
  id: Generated<number>;
  station_id: string;
  evse_id: number | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  reason: string;
  note: string | null;
  state: ColumnType<'scheduled' | 'active' | 'ended', 'scheduled' | 'active' | 'ended' | undefined, 'scheduled' | 'active' | 'ended'>;
  created_by: string;
  created_at: Timestamp;
  ended_by: string | null;
}

export interface UptimeExclusionsTable {
  id: Generated<number>;
  scope: 'port' | 'station' | 'site';
  station_id: string | null;
  evse_id: number | null;
  site_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  reason: string;
  note: string | null;
  evidence: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface UptimeMonthlyTable {
  station_id: string;
  evse_id: number;
  /** The first day of the month, YYYY-MM-DD. */
  month: ColumnType<string, string, string>;
  period_start: Timestamp;
  period_end: Timestamp;
  minutes: number;
  up_minutes: number;
  down_minutes: number;
  excluded_minutes: number;
  outside_hours_minutes: number;
  excluded_by_reason: Json<Record<string, number>>;
  outages: Json<unknown[]>;
  computed_at: Timestamp;
}

/** Per station: the local authorization list versions and sync state (migration 014). */
export interface LocalListStatesTable {
  station_id: string;
  our_version: Generated<number>;
  station_version: number | null;
  state: Generated<'in_sync' | 'pending' | 'failed' | 'not_supported' | 'disabled'>;
  error: string | null;
  full_needed: Generated<boolean>;
  dropped: Generated<number>;
  max_entries: number | null;
  per_message: number | null;
  failures: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  last_check_at: Timestamp | null;
  updated_at: Timestamp;
}

/** The local list entries last sent to a station (migration 014). */
export interface LocalListEntriesTable {
  station_id: string;
  id_token: string;
  token_type: string;
  status: string;
  expires_at: Timestamp | null;
  group_id: string | null;
}

/** A CSR a station sent with SignCertificate, and what we did with it (migration 016). */
export interface CertificateRequestsTable {
  id: Generated<string>;
  station_id: string;
  certificate_type: string;
  csr: string;
  subject: string | null;
  status: 'rejected' | 'accepted' | 'signed' | 'failed';
  reason: string | null;
  requested_at: Timestamp;
  signed_at: Timestamp | null;
}

/** A certificate whose content we know for a station: issued by our CA or pushed by InstallCertificate (migration 016). */
export interface StationCertificatesTable {
  id: Generated<string>;
  station_id: string;
  source: 'issued' | 'installed';
  certificate_type: string;
  request_id: string | null;
  serial: string;
  subject: string;
  issuer: string;
  not_before: Timestamp;
  not_after: Timestamp;
  fingerprint: string;
  pem: string;
  status: 'sent' | 'accepted' | 'rejected' | 'failed' | 'replaced' | 'removed';
  station_answer: string | null;
  created_at: Timestamp;
  answered_at: Timestamp | null;
}

/** One certificate a station reported installed (GetInstalledCertificateIds, migration 016). */
export interface InstalledCertificatesTable {
  id: Generated<string>;
  station_id: string;
  certificate_type: string;
  hash_algorithm: string;
  issuer_name_hash: string;
  issuer_key_hash: string;
  serial_number: string;
  reported_at: Timestamp;
}

export interface Database {
  stations: StationsTable;
  station_boots: StationBootsTable;
  station_connections: StationConnectionsTable;
  connectors: ConnectorsTable;
  connector_status_history: ConnectorStatusHistoryTable;
  id_tokens: IdTokensTable;
  drivers: DriversTable;
  sessions: SessionsTable;
  meter_samples: MeterSamplesTable;
  ocpp_messages: OcppMessagesTable;
  events: EventsTable;
  orphan_messages: OrphanMessagesTable;
  station_notifications: StationNotificationsTable;
  station_variables: StationVariablesTable;
  sites: SitesTable;
  access_rules: AccessRulesTable;
  command_log: CommandLogTable;
  fleet_power: FleetPowerTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  security_sources: SecuritySourcesTable;
  security_cameras: SecurityCamerasTable;
  camera_events: CameraEventsTable;
  station_login_failures: StationLoginFailuresTable;
  authorization_refusals: AuthorizationRefusalsTable;
  tariffs: TariffsTable;
  tariff_versions: TariffVersionsTable;
  tariff_assignments: TariffAssignmentsTable;
  alert_rules: AlertRulesTable;
  alert_rule_sites: AlertRuleSitesTable;
  alert_site_settings: AlertSiteSettingsTable;
  incidents: IncidentsTable;
  incident_timeline: IncidentTimelineTable;
  tickets: TicketsTable;
  ticket_notes: TicketNotesTable;
  remediation_runs: RemediationRunsTable;
  remediation_steps: RemediationStepsTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  email_digest_items: EmailDigestItemsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  maintenance_windows: MaintenanceWindowsTable;
  uptime_exclusions: UptimeExclusionsTable;
  uptime_monthly: UptimeMonthlyTable;
  local_list_states: LocalListStatesTable;
  local_list_entries: LocalListEntriesTable;
  certificate_requests: CertificateRequestsTable;
  station_certificates: StationCertificatesTable;
  installed_certificates: InstalledCertificatesTable;
}
