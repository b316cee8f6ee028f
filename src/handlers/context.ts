import type { CertificateService } from '../core/certificates/index.js';
import type { AccessDecider } from '../core/access/index.js';
import type { Logger } from '../core/shared/logger.js';
import type { SessionService } from '../core/sessions/index.js';
import type { StationService } from '../core/stations/index.js';
import type { TokenService } from '../core/tokens/index.js';
import type { V16Request, V16Response, V16StationAction, V201Request, V201Response, V201StationAction } from '../ocpp/index.js';

/** The core services a handler may call. */
export interface HandlerServices {
  stations: StationService;
  tokens: TokenService;
  sessions: SessionService;
  /** The one authorization decision (Authorize; starts and transaction events reach it through sessions). */
  access: AccessDecider;
  /** Station certificates (SignCertificate); only the CSR entry point is needed here. */
  certificates: Pick<CertificateService, 'signRequest'>;
}

/** What a handler knows about the message it handles. */
export interface HandlerContext {
  stationId: string;
  messageId: string;
  /** When the frame arrived (server clock). */
  receivedAt: Date;
  log: Logger;
  services: HandlerServices;
}

/** Handles one OCPP 1.6 action: validated request in, response out (validated again by the gateway). */
export type V16Handler<A extends V16StationAction> = (ctx: HandlerContext, request: V16Request<A>) => Promise<V16Response<A>>;
/** Handles one OCPP 2.0.1 action. */
export type V201Handler<A extends V201StationAction> = (ctx: HandlerContext, request: V201Request<A>) => Promise<V201Response<A>>;

/** The routing table of one version: the actions the CSMS handles. Others get NotSupported. */
export type V16HandlerTable = { readonly [A in V16StationAction]?: V16Handler<A> };
export type V201HandlerTable = { readonly [A in V201StationAction]?: V201Handler<A> };
