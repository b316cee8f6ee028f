import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';

export type {
  CameraEventQuery, CameraEventRequest, CameraEventView, CameraMapping, SecurityEventQuery, SecuritySourceRequest, SecuritySourceView,
  SecuritySourceWithSecret, SecurityTimelineEntry, SecurityTimelineKind, SecurityTimelineQuery, StationSecurityEventView,
} from '../../http/api-types.js';

/** What the security features need from the process. */
export interface SecurityDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** How far a signed request's time may be from the server's, seconds (default 300). */
  replayWindowS?: number;
}

/** Who changed a source (for `created_by`). */
export interface SecurityActor {
  name: string;
}

/** A keyset position in a list ordered newest first: the time and the row id. */
export interface TimeCursor {
  at: Date;
  id: string;
}

/** Encodes a keyset position for `nextCursor`. */
export function encodeCursor(c: { at: Date; id: string; kind?: string }): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id, c.kind ?? ''])).toString('base64url');
}

/** Decodes `cursor`; undefined when it is not one of ours. */
export function decodeCursor(cursor: string): (TimeCursor & { kind: string }) | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || typeof v[2] !== 'string') return undefined;
    const at = new Date(v[0]);
    if (Number.isNaN(at.getTime()) || !/^\d{1,18}$/.test(v[1])) return undefined;
    return { at, id: v[1], kind: v[2] };
  } catch {
    return undefined;
  }
}
