import type { FastifyInstance } from 'fastify';
import { registerAlertRoutes } from '../core/alerts/routes.js';
import { RULE_KEYS, type IncidentQueries, type IncidentService, type RuleSettingsService } from '../core/alerts/index.js';
import { registerBillingRoutes } from '../core/billing/routes.js';
import type { SessionBilling, TariffService } from '../core/billing/index.js';
import { registerCertificateRoutes } from '../core/certificates/routes.js';
import type { CertificateService, ProfileMover } from '../core/certificates/index.js';
import { registerCommandRoutes } from '../core/commands/routes.js';
import type { CommandService } from '../core/commands/index.js';
import { registerFleetRoutes } from '../core/fleet/routes.js';
import type { FleetService } from '../core/fleet/index.js';
import type { LiveView } from '../core/live/index.js';
import { registerTicketRoutes } from '../core/maintenance/routes.js';
import type { TicketService } from '../core/maintenance/index.js';
import { registerRemediationRoutes } from '../core/remediation/routes.js';
import type { RemediationService } from '../core/remediation/index.js';
import { registerReportRoutes } from '../core/reports/routes.js';
import type { ReportService } from '../core/reports/index.js';
import { registerSessionRoutes } from '../core/sessions/routes.js';
import type { SessionService } from '../core/sessions/index.js';
import type { Clock } from '../core/shared/clock.js';
import { registerSiteRoutes } from '../core/sites/routes.js';
import type { SiteService } from '../core/sites/index.js';
import { listStations, registerStationRoutes, stationQuerySchema } from '../core/stations/routes.js';
import type { StationService } from '../core/stations/index.js';
import { registerTokenRoutes } from '../core/tokens/routes.js';
import { registerAccessRoutes } from '../core/access/routes.js';
import type { AccessRulesService, DriverRemoteStart } from '../core/access/index.js';
import { registerLocalListRoutes } from '../core/local-lists/routes.js';
import type { LocalListService } from '../core/local-lists/index.js';
import type { TokenService } from '../core/tokens/index.js';
import { registerDriverRoutes } from '../core/drivers/routes.js';
import type { DriverService } from '../core/drivers/index.js';
import { registerUptimeRoutes } from '../core/uptime/routes.js';
import type { MaintenanceWindows, UptimeExclusions, UptimeService } from '../core/uptime/index.js';
import { registerEventRoutes } from './events-routes.js';
import type { LiveStream } from './live-stream.js';
import { registerMetricsRoutes } from './metrics-routes.js';
import type { ServerMetrics } from './metrics.js';
import { registerDocsUi } from './openapi.js';
import { registerWebRoutes } from './web-routes.js';
import { registerNotificationRoutes } from '../core/notifications/routes.js';
import { registerSecurityRoutes } from '../core/security/routes.js';
import type { CameraIngest, SecurityEvents, SecuritySources } from '../core/security/index.js';
import { registerAuditRoutes } from '../core/audit/routes.js';
import type { AuditQueries } from '../core/audit/index.js';
import type { NotificationService, WebhooksService } from '../core/notifications/index.js';

/** The services behind the operator API. */
export interface OperatorApiDeps {
  stations: StationService;
  sessions: SessionService;
  tokens: TokenService;
  /** Access rules of sites and stations, and drivers' remote starts. */
  accessRules: AccessRulesService;
  remoteStart: DriverRemoteStart;
  /** Drivers, who own id tokens. */
  drivers: DriverService;
  /** Stations' local authorization lists. */
  localLists: LocalListService;
  sites: SiteService;
  fleet: FleetService;
  commands: CommandService;
  /** Station certificates and security profile moves. */
  certificates: CertificateService;
  mover: ProfileMover;
  tariffs: TariffService;
  billing: SessionBilling;
  live: LiveView;
  stream: LiveStream;
  metrics: ServerMetrics;
  clock: Clock;
  /** Session reports, exports and receipts. */
  reports: ReportService;
  /** The uptime ledger, maintenance windows and excluded periods. */
  uptime: UptimeService;
  maintenance: MaintenanceWindows;
  exclusions: UptimeExclusions;
  /** Maintenance tickets. */
  tickets: TicketService;
  /** Remediation steps run by hand. */
  remediation: RemediationService;
  /** In-app notifications and users' subscriptions. */
  notifications: NotificationService;
  /** Webhook endpoints and their delivery logs. */
  webhooks: WebhooksService;
  /** Incidents, their list queries, and the alert rules' settings. */
  incidents: IncidentService;
  incidentQueries: IncidentQueries;
  ruleSettings: RuleSettingsService;
  /** Station security events, camera sources and their signed events, security timelines. */
  security: { events: SecurityEvents; sources: SecuritySources; ingest: CameraIngest };
  /** The audit log's search and export. */
  audit: AuditQueries;
  /** Where the built web app is (default: web/dist of this package). */
  webDir?: string;
}

/** Registers the operator API, the live stream, /metrics, the docs UI and the web app (last: it catches other pages). */
export async function registerOperatorApi(fastify: FastifyInstance, deps: OperatorApiDeps): Promise<void> {
  registerStationRoutes(fastify, { stations: deps.stations, live: deps.live });
  registerCommandRoutes(fastify, { commands: deps.commands });
  registerCertificateRoutes(fastify, {
    certificates: deps.certificates, mover: deps.mover,
    expiringWithinDays: (id) => Number(deps.ruleSettings.settingsFor(RULE_KEYS.certificateExpiring, deps.live.station(id)?.siteId ?? null).params.withinDays),
  });
  registerSiteRoutes(fastify, { sites: deps.sites, live: deps.live, listStations: (q) => listStations(deps.live, q), stationQuerySchema });
  registerSessionRoutes(fastify, {
    sessions: deps.sessions, live: deps.live, clock: deps.clock,
    costs: (views) => deps.billing.costs(views.map((v) => ({ id: v.id, energyWh: v.energyWh, powerW: v.powerW }))),
  });
  registerBillingRoutes(fastify, { tariffs: deps.tariffs, billing: deps.billing, live: deps.live });
  registerTokenRoutes(fastify, { tokens: deps.tokens });
  registerAccessRoutes(fastify, { rules: deps.accessRules, remoteStart: deps.remoteStart });
  registerDriverRoutes(fastify, { drivers: deps.drivers, tokens: deps.tokens });
  registerLocalListRoutes(fastify, { localLists: deps.localLists });
  registerReportRoutes(fastify, { reports: deps.reports, clock: deps.clock });
  registerFleetRoutes(fastify, { fleet: deps.fleet });
  registerAlertRoutes(fastify, { incidents: deps.incidents, queries: deps.incidentQueries, rules: deps.ruleSettings });
  registerTicketRoutes(fastify, { tickets: deps.tickets });
  registerRemediationRoutes(fastify, { remediation: deps.remediation });
  registerNotificationRoutes(fastify, { notifications: deps.notifications, webhooks: deps.webhooks });
  registerUptimeRoutes(fastify, { uptime: deps.uptime, maintenance: deps.maintenance, exclusions: deps.exclusions, clock: deps.clock });
  registerSecurityRoutes(fastify, deps.security);
  registerAuditRoutes(fastify, { audit: deps.audit });
  registerEventRoutes(fastify, { stream: deps.stream });
  registerMetricsRoutes(fastify, { metrics: deps.metrics });
  await registerDocsUi(fastify);
  await registerWebRoutes(fastify, { webDir: deps.webDir });
}
