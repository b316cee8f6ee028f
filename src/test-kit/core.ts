import type { DomainEvent } from '../bus/bus.js';
import { InProcessBus } from '../bus/in-process-bus.js';
import { caSigner, CertificateService } from '../core/certificates/index.js';
import { signCertificate } from '../core/pki/index.js';
import { NotFoundError, StationUnavailableError } from '../core/shared/app-error.js';
import { createCertificateCommands } from '../handlers/certificate-commands.js';
import { FakeClock } from '../core/shared/clock.js';
import { sequentialIds, type IdGenerator } from '../core/shared/ids.js';
import { AccessDecider, tokenSource } from '../core/access/index.js';
import { SessionService } from '../core/sessions/index.js';
import { StationService, type UnknownStationPolicy } from '../core/stations/index.js';
import { TokenService } from '../core/tokens/index.js';
import { BatchCommitter } from '../db/batch-committer.js';
import type { HandlerContext, HandlerServices } from '../handlers/context.js';
import { OcppValidator, type OcppVersion, type Payload } from '../ocpp/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { silentLogger } from './logger.js';

/** Settings a core test may change; the defaults are production's (`serve`) policies. */
export interface CoreKitOptions {
  unknownStations?: UnknownStationPolicy;
  unknownTokens?: 'accept' | 'reject';
  heartbeatIntervalS?: number;
  nodeId?: string;
  /** Where the fake clock starts; the test database's partitions are made around it. */
  start?: string;
}

/** Real core services over a fresh test database, a fake clock, and every published event recorded. */
export interface CoreKit extends HandlerServices {
  /** The whole certificate service (handlers see only its CSR entry point). */
  certificates: CertificateService;
  database: TestDatabase;
  clock: FakeClock;
  bus: InProcessBus;
  committer: BatchCommitter;
  ids: IdGenerator;
  /** Every event published on the bus, in order. */
  events: DomainEvent[];
  /** A handler context for a station, as the dispatcher would build it. */
  context(stationId: string, messageId?: string): HandlerContext;
  /**
   * Runs a handler as the gateway would: the request and the answer must both pass the official schema
   * of `version`/`action` (a failure throws with the schema's complaint).
   */
  handle<Req, Res>(version: OcppVersion, action: string, handler: (ctx: HandlerContext, request: Req) => Promise<Res>, stationId: string, request: Req): Promise<Res>;
  /** Creates an accepted station and marks it connected on this node, as a real connection would. */
  connect(stationId: string, version?: '1.6' | '2.0.1'): Promise<void>;
  close(): Promise<void>;
}

let validator: OcppValidator | undefined;

function assertValid(version: OcppVersion, action: string, kind: 'request' | 'response', payload: unknown): void {
  validator ??= new OcppValidator();
  const result = validator.validate(version, action, kind, payload as Payload);
  if (!result.ok) throw new Error(`${version} ${action} ${kind} fails its schema: ${result.error.message}`);
}

/** Builds the kit; call `close()` in afterAll. */
export async function createCoreKit(options: CoreKitOptions = {}): Promise<CoreKit> {
  const clock = new FakeClock(options.start ?? '2026-01-01T00:00:00Z');
  const database = await createTestDatabase(clock);
  const bus = new InProcessBus(silentLogger);
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const committer = new BatchCommitter({ pool: database.pool, logger: silentLogger, intervalMs: 2 });
  const ids = sequentialIds('kit');
  const base = { db: database.db, committer, bus, clock, logger: silentLogger };
  const stations = new StationService({
    ...base,
    nodeId: options.nodeId ?? 'test-node',
    settings: { unknownStations: options.unknownStations ?? 'pending', heartbeatIntervalS: options.heartbeatIntervalS ?? 300 },
  });
  const tokens = new TokenService({ db: database.db, bus, clock, logger: silentLogger, settings: { unknownTokens: options.unknownTokens ?? 'reject' } });
  const access = new AccessDecider({ db: database.db, bus, clock, logger: silentLogger, tokens: tokenSource(tokens), settings: { unknownTokens: options.unknownTokens ?? 'reject' } });
  const sessions = new SessionService({ ...base, ids, access });
  // No CA and no sockets here: CSRs are checked and refused; the signing round trip runs in the test server.
  const certificates = new CertificateService({
    ...base, commands: createCertificateCommands({ versionOf: () => undefined, call: async (id) => Promise.reject(new StationUnavailableError(id, 'offline')) }),
    signer: caSigner({ loadCa: async () => undefined, sign: signCertificate, validityDays: 365 }),
  });
  const services: HandlerServices = { stations, tokens, sessions, access, certificates };
  let messages = 0;
  const context = (stationId: string, messageId?: string): HandlerContext => ({
    stationId,
    messageId: messageId ?? `m-${++messages}`,
    receivedAt: clock.now(),
    log: silentLogger.child({ stationId }),
    services,
  });
  return {
    ...services, certificates,
    database, clock, bus, committer, ids, events,
    context,
    async handle(version, action, handler, stationId, request) {
      assertValid(version, action, 'request', request);
      const response = await handler(context(stationId), request);
      assertValid(version, action, 'response', response);
      return response;
    },
    async connect(stationId, version = '1.6') {
      await stations.get(stationId).catch(async (error: unknown) => {
        if (!(error instanceof NotFoundError)) throw error;
        await stations.create({ id: stationId });
      });
      const decision = await stations.admit({ stationId, version, remoteAddress: '127.0.0.1', tls: false });
      if (!decision.admit) throw new Error(`test station ${stationId} refused: ${decision.reason}`);
      await stations.connected(stationId, version, '127.0.0.1');
    },
    async close() {
      stations.close();
      await committer.close();
      await database.close();
    },
  };
}
