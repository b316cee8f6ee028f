import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../core/shared/clock.js';
import type { IdGenerator } from '../core/shared/ids.js';
import type { Logger } from '../core/shared/logger.js';
import type { OcppValidator } from '../ocpp/index.js';
import { certificateFromTls, CertificateVerifier, type ClientCertificate } from './client-certificate.js';
import { PingRounds } from './ping-rounds.js';
import { ProxyHeaders, type ProxyHeaderOptions } from './proxy-headers.js';
import { resolveOptions, runHook, type GatewayRuntime } from './runtime.js';
import { StationSocket, type StationSocketInfo } from './station-socket.js';
import type { DisconnectInfo, Gateway, GatewayHooks, GatewayOptions, StationConnection } from './types.js';
import { offeredSubprotocols, parseBasicAuth, parseStationId, pickSubprotocol, refuseUpgrade } from './upgrade.js';

/** What the WebSocket gateway needs from the rest of the system. */
export interface WsGatewayDeps {
  hooks: GatewayHooks;
  validator: OcppValidator;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  options: GatewayOptions;
  /** Our own TLS listener's certificate and key (PEM); without them only the plain listener exists. */
  tls?: { cert: string; key: string };
  /** PEM bundle of the CAs whose client certificates stations may present (security profile 3). */
  clientCa?: string;
  /** Headers of a TLS-terminating proxy in front of the plain listener. */
  proxy?: ProxyHeaderOptions;
}

function ignoreSocketError(): void {
  // A client that vanishes mid-upgrade is routine; the upgrade path notices the destroyed socket.
}

function upgradeRequired(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(426, { Connection: 'close', 'Content-Length': '0', Upgrade: 'websocket' });
  res.end();
}

/**
 * The stations' WebSocket edge: admits connections at upgrade (subprotocol, identity, credentials), keeps one
 * live socket per station identity (the newest wins), and runs one shared ping sweep over all of them.
 */
export class WsGateway implements Gateway {
  private readonly rt: GatewayRuntime;
  private readonly server: Server;
  private readonly tlsServer: Server | undefined;
  private readonly proxy: ProxyHeaders | undefined;
  private readonly wss: WebSocketServer;
  private readonly byStation = new Map<string, StationSocket>();
  /** Every socket whose close has not fired yet, replaced ones included. */
  private readonly live = new Set<StationSocket>();
  private readonly pings: PingRounds<StationSocket>;
  private closing: Promise<void> | undefined;
  private allClosed: (() => void) | undefined;
  /** Disconnect hooks still running; shutdown waits for them too. */
  private disconnecting = 0;

  constructor(deps: WsGatewayDeps) {
    const options = resolveOptions(deps.options);
    this.rt = {
      hooks: deps.hooks, validator: deps.validator, logger: deps.logger, clock: deps.clock, ids: deps.ids, options,
      socketClosed: (connection, info) => this.socketClosed(connection, info),
    };
    this.pings = new PingRounds(options.pingIntervalMs, deps.clock);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: options.maxFrameBytes,
      handleProtocols: (offered) => pickSubprotocol(offered)?.name ?? false,
    });
    const verifier = deps.clientCa ? new CertificateVerifier(deps.clientCa) : undefined;
    this.proxy = deps.proxy && deps.proxy.trusted.length > 0 ? new ProxyHeaders(deps.proxy, verifier) : undefined;
    this.server = this.upgrading(createServer(upgradeRequired));
    // Client certificates are asked for but not required by the handshake: admission decides per station,
    // so a profile 1/2 station without one still gets in and a refusal is an HTTP status that can be logged.
    this.tlsServer = deps.tls && this.upgrading(createTlsServer({
      cert: deps.tls.cert, key: deps.tls.key, ...(deps.clientCa ? { ca: deps.clientCa, requestCert: true } : {}), rejectUnauthorized: false,
    }, upgradeRequired));
  }

  get connectionCount(): number {
    return this.byStation.size;
  }

  connection(stationId: string): StationConnection | undefined {
    return this.byStation.get(stationId);
  }

  /** Opens the plain (ws://) listener. */
  listen(port: number, host: string): Promise<{ port: number; host: string }> {
    return this.listenOn(this.server, port, host);
  }

  /** Opens the TLS (wss://) listener; only when the gateway was given a certificate and key. */
  listenTls(port: number, host: string): Promise<{ port: number; host: string }> {
    if (!this.tlsServer) throw new Error('the gateway has no TLS certificate');
    return this.listenOn(this.tlsServer, port, host);
  }

  /**
   * Admits or refuses one HTTP upgrade. Public so that another HTTP server can hand its upgrades over;
   * admission runs before the WebSocket handshake completes, so a refused station gets an HTTP status only.
   */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', ignoreSocketError);
    const { logger } = this.rt;
    if (this.closing) return refuseUpgrade(socket, 503);
    const stationId = parseStationId(req.url);
    if (stationId === undefined) {
      logger.info({ path: req.url?.split('?')[0] }, 'connection refused: bad station identity');
      return refuseUpgrade(socket, 400);
    }
    const protocol = pickSubprotocol(offeredSubprotocols(req.headers['sec-websocket-protocol']));
    if (!protocol) {
      logger.info({ stationId, offered: req.headers['sec-websocket-protocol'] }, 'connection refused: no supported OCPP subprotocol');
      return refuseUpgrade(socket, 400);
    }
    const { remoteAddress, tls, clientCertificate } = this.transport(req);
    let decision;
    try {
      decision = await this.rt.hooks.admit({
        stationId, version: protocol.version, remoteAddress, tls,
        basicAuth: parseBasicAuth(req.headers.authorization),
        ...(clientCertificate ? { clientCertificate } : {}),
      });
    } catch (err) {
      logger.error({ err, stationId }, 'admission failed');
      return refuseUpgrade(socket, 503);
    }
    if (this.closing) return refuseUpgrade(socket, 503);
    if (!decision.admit) {
      logger.info({ stationId, remoteAddress, status: decision.status, reason: decision.reason }, 'connection refused');
      const headers: Record<string, string> = decision.status === 401 ? { 'WWW-Authenticate': 'Basic realm="chargewatch"' } : {};
      if (decision.retryAfterS !== undefined) headers['Retry-After'] = String(decision.retryAfterS);
      return refuseUpgrade(socket, decision.status, headers);
    }
    if (socket.destroyed) return;
    const info: StationSocketInfo = { stationId, version: protocol.version, remoteAddress, securityProfile: decision.securityProfile };
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, info));
  }

  /** Closes every socket (1001), waits for them, and stops listening. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private upgrading(server: Server): Server {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.handleUpgrade(req, socket, head).catch((err: unknown) => {
        this.rt.logger.error({ err }, 'upgrade failed');
        socket.destroy();
      });
    });
    return server;
  }

  private async listenOn(server: Server, port: number, host: string): Promise<{ port: number; host: string }> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.pings.start();
    const address = server.address() as AddressInfo;
    return { port: address.port, host: address.address };
  }

  /** The station's address, whether it came over TLS, and its client certificate: from our socket, or from a trusted proxy. */
  private transport(req: IncomingMessage): { remoteAddress: string; tls: boolean; clientCertificate?: ClientCertificate } {
    const socket = req.socket as Partial<TLSSocket>;
    const tls = socket.encrypted === true;
    const own = { remoteAddress: req.socket.remoteAddress ?? '', tls, clientCertificate: tls ? certificateFromTls(req.socket as TLSSocket) : undefined };
    const proxied = this.proxy?.read(req, this.rt.clock.nowMs());
    if (!proxied) return own;
    return { remoteAddress: proxied.remoteAddress, tls: tls || proxied.tls, clientCertificate: own.clientCertificate ?? proxied.clientCertificate };
  }

  private accept(ws: WebSocket, info: StationSocketInfo): void {
    if (this.closing) {
      ws.close(1001, 'server shutting down');
      return;
    }
    const connection = new StationSocket(this.rt, ws, info);
    const previous = this.byStation.get(info.stationId);
    this.byStation.set(info.stationId, connection);
    this.live.add(connection);
    this.pings.add(connection);
    this.rt.logger.info({ stationId: info.stationId, version: info.version, remoteAddress: info.remoteAddress }, 'station connected');
    if (previous) {
      previous.replaced = true;
      this.rt.logger.info({ stationId: info.stationId }, 'station reconnected, replacing its old socket');
      previous.close(1000, 'replaced');
    }
    connection.start().catch((err: unknown) => this.rt.logger.error({ err, stationId: info.stationId }, 'connection start failed'));
  }

  private socketClosed(connection: StationConnection, info: DisconnectInfo): void {
    const socket = connection as StationSocket;
    this.live.delete(socket);
    this.pings.remove(socket);
    if (this.byStation.get(connection.stationId) === socket) this.byStation.delete(connection.stationId);
    this.rt.logger.info({ stationId: connection.stationId, code: info.code, reason: info.reason, replaced: info.replaced }, 'station disconnected');
    this.disconnecting++;
    runHook(this.rt.logger, 'onDisconnect', connection.stationId, () => this.rt.hooks.onDisconnect(connection, info))
      .finally(() => {
        this.disconnecting--;
        if (this.live.size === 0 && this.disconnecting === 0) this.allClosed?.();
      })
      .catch(() => undefined);
  }

  private async shutDown(): Promise<void> {
    this.pings.stop();
    if (this.live.size > 0 || this.disconnecting > 0) {
      const drained = new Promise<void>((resolve) => (this.allClosed = resolve));
      for (const socket of this.live) socket.close(1001, 'server shutting down');
      const grace = setTimeout(() => {
        for (const socket of this.live) socket.terminate('server shutting down');
      }, this.rt.options.closeGraceMs);
      await drained;
      clearTimeout(grace);
    }
    for (const server of [this.server, this.tlsServer]) {
      if (!server?.listening) continue;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    this.wss.close();
  }
}
