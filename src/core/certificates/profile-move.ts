import type { Bus } from '../../bus/bus.js';
import type { ProfileMoveResult, ProfileMoveStep } from '../../http/api-types.js';
import type { StationCommands } from '../commands/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { CertificateCommands } from './certificates.js';

/** The security profiles a station can be moved to (OCPP 2.0.1 A00, 1.6 Security Whitepaper). */
export type SecurityProfile = 1 | 2 | 3;

export type { ProfileMoveResult, ProfileMoveStep };

/** What a profile move is made of. */
export interface ProfileMoveDeps {
  bus: Bus;
  clock: Clock;
  logger: Logger;
  stations: {
    get(id: string): Promise<{ protocol: string | null; online: boolean; securityProfile: number }>;
    setPassword(id: string, plain: string | null): Promise<unknown>;
  };
  commands: Pick<StationCommands, 'changeConfiguration' | 'getConfiguration' | 'reset'>;
  certificateCommands: Pick<CertificateCommands, 'setNetworkProfile'>;
  hasClientCertificate(stationId: string): Promise<boolean>;
  /** The lowest profile a station is let in with, kept by the gateway's admission. */
  minimumProfile: { get(stationId: string): Promise<number>; set(stationId: string, profile: number): Promise<void> };
  /** The URL a 2.0.1 station connects to with this profile (ws:// for 1, wss:// for 2 and 3); undefined when not set up. */
  csmsUrl(profile: SecurityProfile): string | undefined;
  /** How long to wait for the station to come back with the new profile. */
  reconnectTimeoutMs: number;
}
