// Notifications and uptime (23 CFR 680.116).

// ---- notifications -------------------------------------------------------------------------
/** Which incident change a notification is about. */
export type NotificationChange = 'opened' | 'escalated' | 'resolved';

/** One in-app notification of the signed-in user (GET /api/notifications). */
export interface NotificationView {
  id: string;
  incidentId: number;
  change: NotificationChange;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  stationId: string | null;
  siteId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** GET /api/notifications/unread-count, and the data of the live `notification.read` event. */
export interface UnreadCount { count: number }

/** Data of the live `notification.created` event (sent only to its recipient's streams). */
export interface NotificationCreatedEvent { recipientId: string; notification: NotificationView; unread: number }

/** One subscription: which incidents reach the user on one channel. */
export interface SubscriptionView {
  channel: 'in_app' | 'email';
  minSeverity: 'info' | 'warning' | 'critical';
  /** null: every site. */
  siteIds: string[] | null;
  /** null: every rule. */
  ruleKeys: string[] | null;
  /** E-mail only: non-critical changes are collected into one e-mail an hour (critical ones go at once). */
  digest: boolean;
  /** Also notify when the incident is resolved (opened and escalated always notify). */
  notifyResolved: boolean;
}

/** GET/PUT /api/me/subscriptions. */
export interface NotificationSettingsView {
  /** Where this user's e-mails go; null: no e-mail. */
  email: string | null;
  subscriptions: SubscriptionView[];
  /** False when the server has no SMTP host set (e-mail subscriptions then send nothing). */
  emailAvailable: boolean;
}

/** PUT /api/me/subscriptions body. */
export interface NotificationSettingsRequest { email: string | null; subscriptions: SubscriptionView[] }

/** A webhook endpoint (admins). The secret is shown in full only in the answer that creates it. */
export interface WebhookView {
  id: string;
  name: string;
  url: string;
  /** The last 4 characters of the secret, for recognising it. */
  secretHint: string;
  minSeverity: 'info' | 'warning' | 'critical';
  siteIds: string[] | null;
  ruleKeys: string[] | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/webhooks answer: the endpoint with its whole secret. */
export interface CreatedWebhook extends WebhookView { secret: string }

/** POST /api/webhooks and PATCH /api/webhooks/:id body; without `secret` on create one is generated. */
export interface WebhookRequest {
  name: string;
  url: string;
  secret?: string;
  minSeverity?: 'info' | 'warning' | 'critical';
  siteIds?: string[] | null;
  ruleKeys?: string[] | null;
  enabled?: boolean;
}

/** One attempt to deliver one message to an endpoint (GET /api/webhooks/:id/deliveries, newest first). */
export interface WebhookAttemptView {
  id: string;
  deliveryId: string;
  event: string;
  incidentId: number | null;
  attempt: number;
  maxAttempts: number;
  at: string;
  /** The HTTP status; null when no answer came (timeout, refused connection). */
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  /** The delivery's state now: pending (will retry), delivered or failed (out of attempts). */
  deliveryState: 'pending' | 'delivered' | 'failed';
}

// ---- uptime (23 CFR 680.116) ---------------------------------------------------------------
export type ExclusionReason = 'utility_outage' | 'vehicle_fault' | 'scheduled_maintenance' | 'vandalism' | 'natural_disaster';
/** Consecutive outage minutes of a port with one cause (offline, station_faulted, station_unavailable, faulted, unavailable, failed_start, under_power, maintenance). */
export interface UptimeOutageView { start: string; end: string; minutes: number; cause: string; excludedReason: ExclusionReason | null }
/** Minutes by class and the NEVI uptime µ (percent) computed from them; null without minutes. */
export interface UptimeFigures {
  minutes: number; upMinutes: number; downMinutes: number; tOutage: number; tExcluded: number; outsideHoursMinutes: number;
  excludedByReason: Partial<Record<ExclusionReason, number>>; uptime: number | null;
}
/** The period figures are for, and the formula as applied (scaled when the period is not a 365-day year). */
export interface UptimePeriodView { from: string; to: string; minutes: number; scaled: boolean; formula: string }
export interface PortUptimeView extends UptimeFigures { stationId: string; stationName: string | null; evseId: number; siteId: string | null; siteName: string | null; outageCount: number; outages: UptimeOutageView[] }
/** A station or a site: its ports' totals (uptime from total minutes) and the mean of its ports' uptimes. */
export interface StationUptimeView extends UptimeFigures { stationId: string; stationName: string | null; siteId: string | null; siteName: string | null; ports: number; meanUptime: number | null }
export interface SiteUptimeView extends UptimeFigures { siteId: string | null; siteName: string | null; stations: number; ports: number; meanUptime: number | null }
export interface UptimeList<T> { period: UptimePeriodView; items: T[] }
/** GET /api/uptime/ports|stations|sites query: a period (default: the 365 days up to now), a site or a station. */
export interface UptimeQuery { from?: string; to?: string; siteId?: string; stationId?: string }
/** One calendar month (site time zone) of a station, a site or the network; `uptime12m` over the 12 months ending with it. */
export interface UptimeMonthView extends UptimeFigures { month: string; partial: boolean; ports: number; meanUptime: number | null; uptime12m: number | null }
export interface QuarterlyMonthView { month: string; partial: boolean; uptime: number | null; uptime12m: number | null; tOutage: number; tExcluded: number; minutes: number }
export interface QuarterlyPortView { stationId: string; stationName: string | null; evseId: number; siteId: string | null; siteName: string | null; months: QuarterlyMonthView[]; outages: UptimeOutageView[] }
/** GET /api/uptime/report?quarter=2026-Q3 */
export interface QuarterlyReportView { quarter: string; months: string[]; formula: string; items: QuarterlyPortView[] }
export interface MaintenanceWindowView {
  id: number; stationId: string; evseId: number | null; startsAt: string; endsAt: string | null; reason: string; note: string | null;
  state: 'scheduled' | 'active' | 'ended'; createdBy: string; createdAt: string; endedBy: string | null;
}
/** POST /api/maintenance-windows: without startsAt (or with a past one) maintenance starts now; evseId absent = the whole station. */
export interface MaintenanceWindowRequest { stationId: string; evseId?: number | null; startsAt?: string; endsAt?: string | null; reason: string; note?: string | null }
export interface UptimeExclusionView {
  id: number; scope: 'port' | 'station' | 'site'; stationId: string | null; evseId: number | null; siteId: string | null; startsAt: string; endsAt: string;
  reason: ExclusionReason; note: string | null; evidence: string | null; createdBy: string; createdAt: string;
}
/** POST /api/uptime-exclusions: a site (siteId), a station (stationId) or a port (stationId + evseId). */
export interface UptimeExclusionRequest { siteId?: string | null; stationId?: string | null; evseId?: number | null; startsAt: string; endsAt: string; reason: ExclusionReason; note?: string | null; evidence?: string | null }

/** A station security event (SecurityEventNotification) with its severity per the OCPP security event list. */
export interface StationSecurityEventView {
  id: string; stationId: string; siteId: string | null; type: string; severity: 'critical' | 'warning' | 'info'; techInfo: string | null; at: string; recordedAt: string;
}
/** GET /api/security-events (and /api/stations/:id/security-events) filters; newest first, keyset paged. */
export interface SecurityEventQuery { stationId?: string; siteId?: string; severity?: 'critical' | 'warning' | 'info'; type?: string; from?: string; to?: string; cursor?: string; limit?: number }
/** An event from a camera, NVR or sensor system, with the site and stations its camera was mapped to when it arrived. */
export interface CameraEventView {
  id: string; sourceId: string; sourceName: string; cameraId: string; eventType: string; at: string; receivedAt: string;
  snapshotUrl: string | null; details: Record<string, unknown>; siteId: string | null; stationIds: string[];
}
/** GET /api/camera-events filters; newest first, keyset paged. */
export interface CameraEventQuery { sourceId?: string; cameraId?: string; siteId?: string; stationId?: string; eventType?: string; from?: string; to?: string; cursor?: string; limit?: number }
/** Where a camera looks: a site and/or stations (none: its events are kept against the source only). */
export interface CameraMapping { cameraId: string; siteId: string | null; stationIds: string[] }
/** A physical-security event source (never shows its secret after creation). */
export interface SecuritySourceView { id: string; name: string; disabled: boolean; createdAt: string; createdBy: string | null; cameras: CameraMapping[] }
/** POST /api/security-sources and PATCH /api/security-sources/:id (rotateSecret: a new secret, shown once). */
export interface SecuritySourceRequest { name?: string; disabled?: boolean; cameras?: CameraMapping[]; rotateSecret?: boolean }
/** A created source (or one whose secret was rotated): the only answer carrying the secret. */
export interface SecuritySourceWithSecret extends SecuritySourceView { secret: string }
/**
 * POST /api/integrations/security-events body, signed with the source's secret in `X-Chargewatch-Signature:
 * t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (as outbound webhooks are).
 */
export interface CameraEventRequest { source: string; cameraId: string; eventType: string; at: string; snapshotUrl?: string; details?: Record<string, unknown> }
export type SecurityTimelineKind = 'security_event' | 'camera_event' | 'connector_status' | 'login_failed' | 'authorization_refused';
/** One line of a station's security timeline. */
export interface SecurityTimelineEntry {
  kind: SecurityTimelineKind; id: string; at: string; title: string; severity: 'critical' | 'warning' | 'info';
  evseId: number | null; connectorId: number | null; detail: Record<string, unknown>;
}
/** GET /api/stations/:id/security-timeline: a period (default: the last 7 days), newest first, keyset paged. */
export interface SecurityTimelineQuery { from?: string; to?: string; cursor?: string; limit?: number }
/** One audit log line: who (actor id and name), when, from where, what (action, target, detail) and the result. */
export interface AuditRecordView {
  id: string; at: string; actor: string | null; actorName: string | null; ip: string | null; action: string; target: string | null;
  result: 'ok' | 'refused' | 'error'; detail: Record<string, unknown>;
}
/** GET /api/audit (and /api/audit/export.csv) filters; newest first, cursor = the last id seen. */
export interface AuditQueryParams {
  actor?: string; action?: string; target?: string; result?: 'ok' | 'refused' | 'error'; from?: string; to?: string; q?: string; cursor?: string; limit?: number;
}
