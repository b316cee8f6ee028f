import type { DomainEvent } from '../../bus/bus.js';
import { AppError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import { findCamera, findSource, insertCameraEvent } from './security-repository.js';
import type { CameraEventView, SecurityDeps } from './security.js';

const DEFAULT_WINDOW_S = 300;
const EVENT_TYPE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_DETAILS_CHARS = 8_000;

/** A signed request that did not prove where it came from (unknown source, bad or stale signature). */
export class BadSignatureError extends AppError {
  constructor() {
    super('bad_signature', 'the request is not signed by a known source within the accepted time window', 401);
  }
}

/** The same signed request arrived again. */
export class ReplayedRequestError extends AppError {
  constructor() {
    super('replayed', 'this signed request was already received', 409);
  }
}

/**
 * Checks a `t=…,v1=…` signature header against the raw body and the clock (the notifications feature's
 * `verifyWebhookSignature`, injected so this feature does not depend on that one).
 */
export type SignatureCheck = (secret: string, rawBody: string, header: string, nowS: number, toleranceS: number) => boolean;

/** Where a signed request came from, for the log line of a refusal. */
export interface IngestContext {
  ip: string;
}

type Fields = { cameraId: string; eventType: string; at: Date; snapshotUrl: string | null; details: Record<string, unknown> };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body's fields, checked after the signature (a 400 names the first wrong one). */
function fields(body: Record<string, unknown>): Fields {
  const { cameraId, eventType, at, snapshotUrl, details } = body;
  if (typeof cameraId !== 'string' || cameraId.length < 1 || cameraId.length > 200) throw new ValidationError('cameraId must be a string of 1–200 characters');
  if (typeof eventType !== 'string' || !EVENT_TYPE.test(eventType)) throw new ValidationError('eventType must be 1–64 letters, digits, "_", "." or "-"');
  const time = typeof at === 'string' ? new Date(at) : new Date(NaN);
  if (Number.isNaN(time.getTime())) throw new ValidationError('at must be an ISO 8601 time');
  if (snapshotUrl !== undefined && snapshotUrl !== null && (typeof snapshotUrl !== 'string' || snapshotUrl.length > 2000 || !/^https?:\/\/\S+$/.test(snapshotUrl))) {
    throw new ValidationError('snapshotUrl must be an http(s) URL');
  }
  if (details !== undefined && details !== null && !isObject(details)) throw new ValidationError('details must be an object');
  if (details && JSON.stringify(details).length > MAX_DETAILS_CHARS) throw new ValidationError(`details are at most ${MAX_DETAILS_CHARS} characters of JSON`);
  return { cameraId, eventType: eventType.toLowerCase(), at: time, snapshotUrl: typeof snapshotUrl === 'string' ? snapshotUrl : null, details: details ?? {} };
}

/** The signature's MAC (hex), which identifies one signed request. */
function macOf(header: string): string {
  return /(?:^|,)\s*v1=([0-9a-f]+)/i.exec(header)?.[1]?.toLowerCase() ?? '';
}

/**
 * Takes events from camera, NVR and door-sensor systems: the raw body must be signed with the source's
 * secret as outbound webhooks are (`t=<unix s>,v1=<HMAC-SHA256 of "<t>.<body>">`), `t` within the replay
 * window, and each signed request is taken once. The camera's mapping gives the event its site and stations;
 * an unmapped camera's events are kept against the source only. Refusals store nothing and are logged.
 */
export class CameraIngest {
  constructor(private readonly deps: SecurityDeps & { verify: SignatureCheck }) {}

  /** Verifies and stores one event; throws a 400, 401 or 409 AppError when it is refused. */
  async receive(rawBody: string, signature: string | undefined, context: IngestContext): Promise<CameraEventView> {
    try {
      return await this.accept(rawBody, signature);
    } catch (error) {
      if (error instanceof AppError) this.deps.logger.warn({ ip: context.ip, code: error.code, reason: error.message }, 'security event refused');
      throw error;
    }
  }

  private async accept(rawBody: string, signature: string | undefined): Promise<CameraEventView> {
    if (!signature) throw new BadSignatureError();
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new ValidationError('the body is not JSON');
    }
    if (!isObject(body) || typeof body.source !== 'string' || body.source.length === 0 || body.source.length > 100) throw new ValidationError('source must name the sending source');
    const source = await findSource(this.deps.db, body.source);
    const nowS = Math.floor(this.deps.clock.now().getTime() / 1000);
    if (!source || source.row.disabled || !this.deps.verify(source.row.secret, rawBody, signature, nowS, this.deps.replayWindowS ?? DEFAULT_WINDOW_S)) {
      throw new BadSignatureError();
    }
    const f = fields(body);
    const mapping = await findCamera(this.deps.db, source.row.id, f.cameraId);
    const receivedAt = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const view = await insertCameraEvent(trx, {
        source_id: source.row.id, source_name: source.row.name, camera_id: f.cameraId, event_type: f.eventType, at: f.at, received_at: receivedAt,
        snapshot_url: f.snapshotUrl, details: f.details, site_id: mapping?.site_id ?? null, station_ids: mapping?.station_ids ?? [], signature: macOf(signature),
      });
      if (!view) throw new ReplayedRequestError();
      const event: DomainEvent = { type: 'security.camera_event', at: receivedAt.toISOString(), ...(view.stationIds[0] ? { stationId: view.stationIds[0] } : {}), data: { ...view } };
      return { result: view, events: [event] };
    });
  }
}
