import pino from 'pino';
import type { Config } from './config.js';
import { InProcessBus } from './bus/in-process-bus.js';
import type { Bus } from './bus/bus.js';
import { AccountsService } from './core/accounts/index.js';
import { DetectionEngine, IncidentQueries, IncidentService, RULE_CATALOG, RULE_EVALUATORS, RULE_KEYS, RuleSettingsService } from './core/alerts/index.js';
import { createMailer, startNotifications, verifyWebhookSignature, type Notifications } from './core/notifications/index.js';
import { CameraIngest, SecurityEvents, SecurityRecorder, SecuritySources } from './core/security/index.js';
import { AuditQueries } from './core/audit/index.js';
import { MaintenanceWindows, UptimeExclusions, UptimeService } from './core/uptime/index.js';
import { LiveView } from './core/live/index.js';
import { CommandService } from './core/commands/index.js';
import { LocalListService } from './core/local-lists/index.js';
import { FleetService } from './core/fleet/index.js';
import { TicketService } from './core/maintenance/index.js';
import { RemediationRunner, RemediationService } from './core/remediation/index.js';
import { SiteService } from './core/sites/index.js';
import { SessionBilling, TariffService } from './core/billing/index.js';
import { readEventsAfter } from './db/event-log.js';
import { LiveStream } from './http/live-stream.js';
import { ServerMetrics } from './http/metrics.js';
import { SessionService } from './core/sessions/index.js';
import { ReportService } from './core/reports/index.js';
import { StationService } from './core/stations/index.js';
import { TokenService } from './core/tokens/index.js';
import { AccessDecider, AccessEnforcer, AccessRulesService, DriverRemoteStart, tokenSource } from './core/access/index.js';
import { DriverService } from './core/drivers/index.js';
import { systemClock, type Clock } from './core/shared/clock.js';
import { randomIds, type IdGenerator } from './core/shared/ids.js';
import type { Logger } from './core/shared/logger.js';
import { StationUnavailableError } from './core/shared/app-error.js';
import type { StationCommands, StationLink } from './core/commands/index.js';
import { BatchCommitter } from './db/batch-committer.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { MessageLogWriter, messageLogChannel } from './db/message-log.js';
import { migrate } from './db/migrate.js';
import { maintainPartitions, type PartitionPolicy } from './db/partitions.js';
import { WsGateway } from './gateway/index.js';
import type { Gateway, GatewayHooks } from './gateway/types.js';
import { createStationCommands } from './handlers/commands.js';
import { createLocalListCommands } from './handlers/local-list-commands.js';
import { createDispatcher } from './handlers/dispatch.js';
import { createCertificateCommands } from './handlers/certificate-commands.js';
import { caSigner, CertificateService, ProfileMover } from './core/certificates/index.js';
import { pkiPaths, readCertificateAuthority, signCertificate } from './core/pki/index.js';
import { buildHttpApp, type HttpApp } from './http/app.js';
import { OcppValidator } from './ocpp/index.js';
import { loadStationTransport } from './station-transport.js';

/** Everything a running Chargewatch process holds; `stop()` releases it in order. */
export interface RunningServer {
  config: Config;
  logger: Logger;
  /** Where stations connect: the plain port's ws:// URL, or the TLS port's when the plain port is off. */
  ocppUrl: string;
  /** wss:// URL of the TLS port, when it is open. */
  ocppTlsUrl?: string;
  httpUrl: string;
  /** The plain port (0 when it is off). */
  ocppPort: number;
  /** The TLS port, when open. */
  ocppTlsPort?: number;
  httpPort: number;
  database: DatabaseHandle;
  bus: Bus;
  clock: Clock;
  gateway: Gateway;
  committer: BatchCommitter;
  services: { stations: StationService; tokens: TokenService; sessions: SessionService; live: LiveView; commands: StationCommands; certificates: CertificateService; accounts: AccountsService; incidents: IncidentService; ruleSettings: RuleSettingsService; tickets: TicketService; remediation: RemediationRunner; notifications: Notifications; maintenance: MaintenanceWindows; uptime: UptimeService };
  /** The HTTP app (its Fastify instance lists every route). */
  http: HttpApp;
  stop(): Promise<void>;
}

/** Optional parts a caller (tests, benchmarks) can supply instead of the defaults. */
export interface ServerParts {
  logger?: Logger;
  clock?: Clock;
  ids?: IdGenerator;
  /** An already open database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
}

/** Creates the process logger from the config. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  if (config.logFormat === 'pretty') {
    return pino({ level: config.logLevel, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino({ level: config.logLevel, redact: ['password', '*.password', 'basicAuth', 'authorization'] });
}

/** The composition root: builds the store, bus, services, gateway and HTTP app, and starts them. */
export async function startServer(config: Config, parts: ServerParts = {}): Promise<RunningServer> {
  const logger = parts.logger ?? createLogger(config);
  const clock = parts.clock ?? systemClock;
  const ids = parts.ids ?? randomIds;
  const database = parts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPgPort: config.embeddedPgPort, logger }));
  const cleanup: Array<() => Promise<void>> = [];
  try {
    const transport = await loadStationTransport(config);
    await migrate(database.pool, logger);
    const policies: PartitionPolicy[] = [
      { table: 'meter_values', retentionDays: config.sampleRetentionDays },
      { table: 'ocpp_messages', retentionDays: config.messageLogRetentionDays },
      { table: 'events', retentionDays: config.eventRetentionDays },
    ];
    await maintainPartitions(database.pool, clock, logger, policies);
    const partitionTimer = setInterval(() => {
      maintainPartitions(database.pool, clock, logger, policies).catch((error: Error) => logger.error({ err: error.message }, 'partition maintenance failed'));
    }, 3_600_000);
    partitionTimer.unref();
    cleanup.push(async () => clearInterval(partitionTimer));

    const bus = new InProcessBus(logger);
    const metrics = new ServerMetrics();
    const committer = new BatchCommitter({ pool: database.pool, logger, intervalMs: config.batchIntervalMs, parallel: config.batchParallel, onBatch: (items, ms) => metrics.batch(items, ms) });
    const tokens = new TokenService({ db: database.db, bus, clock, logger, settings: { unknownTokens: config.unknownTokens } });
    const access = new AccessDecider({ db: database.db, bus, clock, logger, tokens: tokenSource(tokens), settings: { unknownTokens: config.unknownTokens } });
    const stations = new StationService({
      db: database.db, committer, bus, clock, logger, nodeId: config.nodeId,
      settings: { unknownStations: config.unknownStations, heartbeatIntervalS: config.heartbeatInterval, loginLimits: transport.loginLimits },
    });
    const sessions = new SessionService({ db: database.db, committer, bus, clock, ids, logger, access });
    sessions.startCheckpoints();
    cleanup.push(async () => { await sessions.flush(); });
    cleanup.push(async () => stations.close());
    await stations.markNodeOffline(config.nodeId);
    // Before stations connect: failed logins and refused tokens are recorded for the security timeline.
    const securityRecorder = new SecurityRecorder({ db: database.db, bus, logger });
    securityRecorder.start();
    cleanup.push(() => securityRecorder.stop());
    const live = new LiveView({ db: database.db, bus, logger });
    await live.start();
    cleanup.push(async () => live.stop());
    const maintenance = new MaintenanceWindows({ db: database.db, bus, clock, logger });
    await maintenance.start();
    cleanup.push(async () => maintenance.stop());
    const exclusions = new UptimeExclusions({ db: database.db, clock });
    const sites = new SiteService({ db: database.db, bus, clock });
    const tariffs = new TariffService({ db: database.db, bus, clock, logger });
    const billing = new SessionBilling({ db: database.db, bus, clock, logger, tariffs });
    billing.start();
    cleanup.push(async () => billing.stop());
    const fleet = new FleetService({ db: database.db, clock, logger, live });
    await fleet.start();
    cleanup.push(async () => fleet.stop());
    // Detection starts after the live view (rules rebuild their state from it) and before stations connect.
    const ruleSettings = new RuleSettingsService({ db: database.db, bus, clock, logger, catalog: RULE_CATALOG });
    await ruleSettings.start();
    // Uptime counts a failed start as the failed-starts rule defines it (its network quickStopS).
    const uptime = new UptimeService({
      db: database.db, bus, clock, logger,
      settings: { failedStartDownMin: config.uptimeFailedStartMin, underPowerW: config.uptimeUnderPowerW, quickStopS: () => Number(ruleSettings.settingsFor(RULE_KEYS.failedStarts, null).params.quickStopS) },
    });
    uptime.start();
    cleanup.push(async () => uptime.stop());
    const incidents = new IncidentService({ db: database.db, bus, clock, logger, rules: ruleSettings, siteOf: (id) => live.station(id)?.siteId ?? null });
    const detection = new DetectionEngine({ bus, clock, logger, sink: incidents, settings: ruleSettings, live, evaluators: RULE_EVALUATORS, escalate: (now) => incidents.escalate(now) });
    await detection.start();
    const stopDetection = async () => {
      await detection.stop();
      await incidents.idle();
    };
    cleanup.push(stopDetection);
    const stream = new LiveStream({
      bus, clock, logger, siteOf: (id) => live.station(id)?.siteId,
      replay: (afterId, filter, limit) => readEventsAfter(database.db, afterId, filter, limit),
    });
    stream.start();
    cleanup.push(async () => stream.stop());

    // CertificateSigned and the inventory commands go through the station link, built with the gateway below.
    const certificateCommands = createCertificateCommands({ versionOf: (id) => link.versionOf(id), call: (id, action, payload, options) => link.call(id, action, payload, options) });
    const pki = pkiPaths(config.dataDir);
    const certificates = new CertificateService({
      db: database.db, bus, clock, logger, commands: certificateCommands,
      signer: caSigner({ loadCa: () => readCertificateAuthority(pki), sign: signCertificate, validityDays: config.stationCertDays }),
    });
    // After detection started: expiry tracking learns the certificates stations hold from this announcement.
    await certificates.start();
    const dispatcher = createDispatcher({ services: { stations, tokens, sessions, access, certificates }, logger });
    const validator = new OcppValidator();
    const messageLog = config.messageLog === 'all' ? new MessageLogWriter((rows) => committer.enqueue(messageLogChannel, rows)) : undefined;
    const hooks: GatewayHooks = {
      admit: (request) => stations.admit(request),
      handles: (version, action) => dispatcher.handles(version, action),
      handle: (conn, action, payload, context) =>
        dispatcher.handle(conn.stationId, conn.version, action, payload, { messageId: context.messageId, receivedAt: new Date(context.receivedAtMs) }),
      onHandled: (action, seconds, ok) => metrics.handled(action, seconds, ok),
      onConnect: (conn) => {
        // A station that was on another node may come back here: drop any stale in-memory session state.
        sessions.forgetStation(conn.stationId);
        return stations.connected(conn.stationId, conn.version, conn.remoteAddress);
      },
      onDisconnect: (conn, info) => {
        messageLog?.stationGone(conn.stationId);
        return stations.disconnected(conn.stationId, info);
      },
      onSeen: (conn) => stations.seen(conn.stationId),
      onFrame: (record) => {
        // Only our own action names become metric labels: a station may send any text as an action.
        const known = record.action !== undefined && (record.direction === 'out' || record.messageType !== 2 || dispatcher.handles('1.6', record.action) || dispatcher.handles('2.0.1', record.action));
        metrics.frame(record, known ? record.action! : 'other');
        messageLog?.frame(record);
      },
    };
    const gateway = new WsGateway({
      hooks, validator, logger, clock, ids, tls: transport.tls, clientCa: transport.clientCa, proxy: transport.proxy,
      options: {
        callTimeoutMs: config.callTimeout * 1000,
        pingIntervalMs: config.pingInterval * 1000,
        maxFrameBytes: config.maxFrameBytes,
        inboundQueueLimit: config.inboundQueueLimit,
      },
    });
    const link: StationLink = {
      versionOf: (id) => gateway.connection(id)?.version,
      call: (id, action, payload, options) => {
        const conn = gateway.connection(id);
        if (!conn) throw new StationUnavailableError(id, 'offline');
        return conn.call(action, payload, options);
      },
    };
    const commands = createStationCommands(link);
    let plainOcppUrl: string | undefined;
    let tlsOcppUrl: string | undefined;
    const mover = new ProfileMover({
      bus, clock, logger, stations, commands, certificateCommands, hasClientCertificate: (id) => certificates.hasClientCertificate(id),
      minimumProfile: { get: async (id) => (await stations.get(id)).requiredSecurityProfile, set: async (id, profile) => void (await stations.update(id, { securityProfile: profile })) },
      csmsUrl: (profile) => (profile === 1 ? config.ocppPublicUrl ?? plainOcppUrl : config.ocppPublicTlsUrl ?? tlsOcppUrl),
      reconnectTimeoutMs: config.profileMoveTimeout * 1000,
    });
    const commandService = new CommandService({
      db: database.db, clock, logger, bus, commands, sessions, configuration: stations,
      protocolOf: (id) => live.station(id)?.protocol, onResult: (command, ok) => metrics.command(command, ok),
    });
    // Sessions of a token that becomes blocked/expired/invalid are stopped per StopTxOnInvalidId; listen before stations connect.
    const accessEnforcer = new AccessEnforcer({
      db: database.db, bus, clock, logger, tokens: tokenSource(tokens), commands: commandService,
      settings: { unknownTokens: config.unknownTokens, stopTxOnInvalidId: config.stopTxOnInvalidId },
    });
    accessEnforcer.start();
    cleanup.push(async () => accessEnforcer.stop());
    const accessRules = new AccessRulesService({ db: database.db, bus, clock });
    // A station an operator rejects, disables or removes loses its socket at once, on whichever node holds it.
    const unsubscribeAdmission = bus.subscribe((event) => {
      const admission = (event.data as { admission?: string }).admission;
      if (event.stationId && (event.type === 'station.removed' || admission === 'rejected' || admission === 'disabled')) {
        gateway.connection(event.stationId)?.close(1008, 'station not admitted');
      }
      // An approved station waiting in Pending is asked to boot again now rather than at its next retry.
      if (event.stationId && admission === 'accepted' && gateway.connection(event.stationId)) {
        const id = event.stationId;
        commands.triggerMessage(id, 'BootNotification').catch((error: Error) => logger.warn({ stationId: id, err: error.message }, 'boot trigger after approval failed'));
      }
    }, ['station.admission', 'station.removed']);
    cleanup.push(async () => unsubscribeAdmission());
    // Local lists follow token and station events: listen before stations connect.
    const localLists = new LocalListService({
      db: database.db, bus, clock, logger, commands: createLocalListCommands(link), allowedTokens: (stationId, at) => access.tokensAllowedAt(stationId, at),
      accepted: (stationId) => {
        try {
          stations.assertAccepted(stationId);
          return true;
        } catch {
          return false;
        }
      },
      settings: { batchMs: config.localListBatchMs, settleMs: config.localListSettleMs },
    });
    await localLists.start();
    cleanup.push(() => localLists.stop());
    // Ladders follow incident events: listen before stations connect and raise any.
    const tickets = new TicketService({ db: database.db, bus, clock, logger, incidents });
    const remediationSteps = new RemediationService({
      db: database.db, clock, logger, incidents, commands: commandService, live, maintenance, tickets, settings: { maxResetsPerDay: config.remediationMaxResets },
    });
    const remediation = new RemediationRunner({ db: database.db, bus, clock, logger, incidents, rules: ruleSettings }, remediationSteps);
    await remediation.start();
    cleanup.push(() => remediation.stop());
    cleanup.push(() => gateway.close());
    const ocpp = transport.plain ? await gateway.listen(config.ocppPort, config.host) : undefined;
    const ocppTls = transport.tls ? await gateway.listenTls(config.ocppTlsPort, config.host) : undefined;
    const shownHost = (h: string) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
    // What a station moved to another security profile is told to connect to, unless configured.
    if (ocpp) plainOcppUrl = `ws://${shownHost(config.host)}:${ocpp.port}/ocpp`;
    if (ocppTls) tlsOcppUrl = `wss://${shownHost(config.host)}:${ocppTls.port}/ocpp`;

    const accounts = new AccountsService({ db: database.db, clock, ids, logger });
    const drivers = new DriverService({ db: database.db, clock, ids, users: accounts });
    const remoteStart = new DriverRemoteStart({ clock, decider: access, tokens: tokenSource(tokens), drivers, commands: commandService });
    const notifications = startNotifications({
      db: database.db, bus, clock, ids, logger, rules: ruleSettings, timeline: incidents, users: accounts,
      mailer: createMailer({ host: config.smtpHost, port: config.smtpPort, secure: config.smtpSecure, user: config.smtpUser, password: config.smtpPassword, from: config.smtpFrom }, logger),
      webhookSettings: { maxAttempts: config.webhookMaxAttempts, timeoutMs: config.webhookTimeout * 1000, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000 },
    });
    cleanup.push(() => notifications.stop());
    const services = { stations, tokens, sessions, live, commands, certificates, accounts, incidents, ruleSettings, tickets, remediation, notifications, maintenance, uptime };
    const incidentQueries = new IncidentQueries({
      db: database.db, clock, incidents, rules: ruleSettings, station: (id) => live.station(id), uptime: (ids, from, to) => uptime.stationUptimes(ids, from, to),
    });
    const reports = new ReportService({ db: database.db, clock, logger, settings: { operatorName: config.operatorName } });
    const securityDeps = { db: database.db, bus, clock, ids, logger };
    const security = { events: new SecurityEvents(securityDeps), sources: new SecuritySources(securityDeps), ingest: new CameraIngest({ ...securityDeps, verify: verifyWebhookSignature }) };
    const operator = { stations, sessions, tokens, accessRules, remoteStart, drivers, sites, fleet, commands: commandService, certificates, mover, localLists, tariffs, billing, live, stream, metrics, clock, reports, incidents, incidentQueries, ruleSettings, tickets, remediation: remediationSteps, notifications: notifications.notifications, webhooks: notifications.webhooks, uptime, maintenance, exclusions, security, audit: new AuditQueries({ db: database.db }) };
    metrics.observe({ connections: () => gateway.connectionCount, sseClients: () => stream.clientCount });
    const http: HttpApp = await buildHttpApp({ config, logger, database, services, committer, gateway, accounts, operator });
    const httpAddress = await http.listen(config.httpPort, config.host);
    cleanup.push(() => http.close());

    const server: RunningServer = {
      config, logger, clock, bus, gateway, committer, database, services, http,
      ocppPort: ocpp?.port ?? 0,
      ...(ocppTls ? { ocppTlsPort: ocppTls.port, ocppTlsUrl: `wss://${shownHost(config.host)}:${ocppTls.port}/ocpp` } : {}),
      httpPort: httpAddress.port,
      ocppUrl: ocpp ? `ws://${shownHost(config.host)}:${ocpp.port}/ocpp` : `wss://${shownHost(config.host)}:${ocppTls!.port}/ocpp`,
      httpUrl: `http://${shownHost(config.host)}:${httpAddress.port}`,
      stop: async () => {
        // Stop taking traffic first, then commit what was accepted, then release the store.
        for (const step of [() => http.close(), () => gateway.close(), () => certificates.idle(), () => localLists.stop(), async () => { accessEnforcer.stop(); await accessEnforcer.idle(); }, stopDetection, () => remediation.stop(), () => notifications.stop(), () => sessions.flush(), async () => messageLog?.flush(), () => committer.close(), () => securityRecorder.stop(), async () => unsubscribeAdmission(), async () => maintenance.stop(), async () => uptime.stop(), async () => live.stop(), async () => { billing.stop(); await billing.idle(); }, async () => fleet.stop(), async () => stations.close(), async () => clearInterval(partitionTimer)]) {
          await step().catch((error: Error) => logger.error({ err: error.message }, 'shutdown step failed'));
        }
        await stations.markNodeOffline(config.nodeId).catch(() => undefined);
        if (!parts.database) await database.close();
      },
    };
    return server;
  } catch (error) {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    if (!parts.database) await database.close().catch(() => undefined);
    throw error;
  }
}

/** The store and the admin services without the gateway or HTTP, for CLI commands that manage data. */
export interface CoreHandle {
  stations: StationService;
  tokens: TokenService;
  accounts: AccountsService;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** Opens the database (embedded or external), migrates it and builds the station and token services. */
export async function openCore(config: Config, parts: ServerParts = {}): Promise<CoreHandle> {
  const logger = parts.logger ?? createLogger(config);
  const clock = parts.clock ?? systemClock;
  const database = parts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, embeddedPgPort: config.embeddedPgPort, logger, poolSize: 2 }));
  await migrate(database.pool, logger);
  const bus = new InProcessBus(logger);
  const committer = new BatchCommitter({ pool: database.pool, logger, intervalMs: config.batchIntervalMs });
  const tokens = new TokenService({ db: database.db, bus, clock, logger, settings: { unknownTokens: config.unknownTokens } });
  const stations = new StationService({
    db: database.db, committer, bus, clock, logger, nodeId: config.nodeId,
    settings: { unknownStations: config.unknownStations, heartbeatIntervalS: config.heartbeatInterval },
  });
  const accounts = new AccountsService({ db: database.db, clock, ids: parts.ids ?? randomIds, logger });
  return {
    stations, tokens, accounts, database,
    close: async () => {
      stations.close();
      await committer.close();
      if (!parts.database) await database.close();
    },
  };
}
