import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json } from './columns.js';

// Tickets, remediation, alert rules, incidents, notifications and uptime (migrations 006–009).

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
