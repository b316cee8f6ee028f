import pino from 'pino';
import type { Config } from './config.js';
import { InProcessBus } from './bus/in-process-bus.js';
import type { Bus } from './bus/bus.js';
import { LiveView } from './core/live/index.js';
import { SessionService } from './core/sessions/index.js';
import { StationService } from './core/stations/index.js';
import { TokenService } from './core/tokens/index.js';
import { systemClock, type Clock } from './core/shared/clock.js';
import { randomIds, type IdGenerator } from './core/shared/ids.js';
import type { Logger } from './core/shared/logger.js';
import { StationUnavailableError } from './core/shared/app-error.js';
import type { StationCommands, StationLink } from './core/commands/index.js';
import { BatchCommitter } from './db/batch-committer.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { messageLogChannel } from './db/message-log.js';
import { migrate } from './db/migrate.js';
import { maintainPartitions, type PartitionPolicy } from './db/partitions.js';
import { WsGateway } from './gateway/index.js';
import type { Gateway, GatewayHooks } from './gateway/types.js';
import { createStationCommands } from './handlers/commands.js';
import { createDispatcher } from './handlers/dispatch.js';
import { buildHttpApp, type HttpApp } from './http/app.js';
import { OcppValidator } from './ocpp/index.js';

/** Everything a running Chargewatch process holds; `stop()` releases it in order. */
export interface RunningServer {
  config: Config;
  logger: Logger;
  ocppUrl: string;
  httpUrl: string;
  ocppPort: number;
  httpPort: number;
  database: DatabaseHandle;
  bus: Bus;
  clock: Clock;
  gateway: Gateway;
  committer: BatchCommitter;
  services: { stations: StationService; tokens: TokenService; sessions: SessionService; live: LiveView; commands: StationCommands };
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
    await migrate(database.pool, logger);
    const policies: PartitionPolicy[] = [
      { table: 'meter_samples', retentionDays: config.sampleRetentionDays },
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
    const committer = new BatchCommitter({ pool: database.pool, logger, intervalMs: config.batchIntervalMs });
    const tokens = new TokenService({ db: database.db, bus, clock, logger, settings: { unknownTokens: config.unknownTokens } });
    const stations = new StationService({
      db: database.db, committer, bus, clock, logger, nodeId: config.nodeId,
      settings: { unknownStations: config.unknownStations, heartbeatIntervalS: config.heartbeatInterval },
    });
    const sessions = new SessionService({ db: database.db, committer, bus, clock, ids, logger, tokens });
    cleanup.push(async () => stations.close());
    await stations.markNodeOffline(config.nodeId);
    const live = new LiveView({ db: database.db, bus, logger });
    await live.start();
    cleanup.push(async () => live.stop());

    const dispatcher = createDispatcher({ services: { stations, tokens, sessions }, logger });
    const validator = new OcppValidator();
    const logFrames = config.messageLog === 'all';
    const hooks: GatewayHooks = {
      admit: (request) => stations.admit(request),
      handles: (version, action) => dispatcher.handles(version, action),
      handle: (conn, action, payload, context) => dispatcher.handle(conn.stationId, conn.version, action, payload, { messageId: context.messageId, receivedAt: new Date(context.receivedAtMs) }),
      onConnect: (conn) => {
        // A station that was on another node may come back here: drop any stale in-memory session state.
        sessions.forgetStation(conn.stationId);
        return stations.connected(conn.stationId, conn.version, conn.remoteAddress);
      },
      onDisconnect: (conn, info) => stations.disconnected(conn.stationId, info),
      onSeen: (conn) => stations.seen(conn.stationId),
      onFrame: logFrames ? (record) => committer.enqueue(messageLogChannel, [record]) : undefined,
    };
    const gateway = new WsGateway({
      hooks, validator, logger, clock, ids,
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
    const ocpp = await gateway.listen(config.ocppPort, config.host);
    cleanup.push(() => gateway.close());

    const services = { stations, tokens, sessions, live, commands };
    const http: HttpApp = await buildHttpApp({ config, logger, database, services, committer, gateway });
    const httpAddress = await http.listen(config.httpPort, config.host);
    cleanup.push(() => http.close());

    const shownHost = (h: string) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h);
    const server: RunningServer = {
      config, logger, clock, bus, gateway, committer, database, services,
      ocppPort: ocpp.port,
      httpPort: httpAddress.port,
      ocppUrl: `ws://${shownHost(config.host)}:${ocpp.port}/ocpp`,
      httpUrl: `http://${shownHost(config.host)}:${httpAddress.port}`,
      stop: async () => {
        // Stop taking traffic first, then commit what was accepted, then release the store.
        for (const step of [() => http.close(), () => gateway.close(), () => committer.close(), async () => unsubscribeAdmission(), async () => live.stop(), async () => stations.close(), async () => clearInterval(partitionTimer)]) {
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
  return {
    stations, tokens, database,
    close: async () => {
      stations.close();
      await committer.close();
      if (!parts.database) await database.close();
    },
  };
}
