import { sql, type Kysely, type Selectable } from 'kysely';
import type { CameraEventsTable, Database, SecuritySourcesTable } from '../../db/schema.js';
import { CRITICAL_SECURITY_EVENT_TYPES, WARNING_SECURITY_EVENT_TYPES, securitySeverity } from './security-event-types.js';
import type { CameraEventQuery, CameraEventView, CameraMapping, SecurityEventQuery, SecuritySourceView, StationSecurityEventView, TimeCursor } from './security.js';

type Db = Kysely<Database>;
/** A stored source row (with its secret: never leaves the service). */
export type SourceRow = Selectable<SecuritySourcesTable>;

const ALL_LISTED = [...CRITICAL_SECURITY_EVENT_TYPES, ...WARNING_SECURITY_EVENT_TYPES];
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Filters of both event lists: time range and keyset position. */
interface Window { from?: Date; to?: Date; before?: TimeCursor }

/** Station security events (station_notifications of kind `security`), newest first. */
export async function listStationSecurityEvents(db: Db, q: Omit<SecurityEventQuery, 'from' | 'to' | 'cursor'> & Window, limit: number): Promise<StationSecurityEventView[]> {
  let query = db.selectFrom('station_notifications as n').leftJoin('stations as s', 's.id', 'n.station_id')
    .select(['n.id', 'n.station_id', 's.site_id', 'n.status', 'n.detail', 'n.at', 'n.recorded_at']).where('n.kind', '=', 'security');
  if (q.stationId) query = query.where('n.station_id', '=', q.stationId);
  if (q.siteId) query = query.where('s.site_id', '=', q.siteId);
  if (q.type) query = query.where('n.status', '=', q.type);
  if (q.severity === 'critical') query = query.where('n.status', 'in', CRITICAL_SECURITY_EVENT_TYPES);
  if (q.severity === 'warning') query = query.where('n.status', 'in', WARNING_SECURITY_EVENT_TYPES);
  if (q.severity === 'info') query = query.where('n.status', 'not in', ALL_LISTED);
  if (q.from) query = query.where('n.at', '>=', q.from);
  if (q.to) query = query.where('n.at', '<', q.to);
  if (q.before) query = query.where(sql<boolean>`(n.at, n.id) < (${q.before.at}, ${q.before.id}::bigint)`);
  const rows = await query.orderBy('n.at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const detail = (r.detail ?? {}) as Record<string, unknown>;
    const type = r.status ?? text(detail.type) ?? 'unknown';
    return { id: String(r.id), stationId: r.station_id, siteId: r.site_id ?? null, type, severity: securitySeverity(type), techInfo: text(detail.techInfo), at: r.at.toISOString(), recordedAt: r.recorded_at.toISOString() };
  });
}

/** A camera event row as the API shows it. */
export function toCameraEventView(r: Selectable<CameraEventsTable>): CameraEventView {
  return {
    id: String(r.id), sourceId: r.source_id, sourceName: r.source_name, cameraId: r.camera_id, eventType: r.event_type, at: r.at.toISOString(),
    receivedAt: r.received_at.toISOString(), snapshotUrl: r.snapshot_url, details: r.details as Record<string, unknown>, siteId: r.site_id, stationIds: r.station_ids,
  };
}

/** Camera events, newest first. */
export async function listCameraEvents(db: Db, q: Omit<CameraEventQuery, 'from' | 'to' | 'cursor'> & Window, limit: number): Promise<CameraEventView[]> {
  let query = db.selectFrom('camera_events').selectAll();
  if (q.sourceId) query = query.where('source_id', '=', q.sourceId);
  if (q.cameraId) query = query.where('camera_id', '=', q.cameraId);
  if (q.siteId) query = query.where('site_id', '=', q.siteId);
  if (q.stationId) query = query.where(sql<boolean>`${q.stationId} = any(station_ids)`);
  if (q.eventType) query = query.where('event_type', '=', q.eventType);
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.before) query = query.where(sql<boolean>`(at, id) < (${q.before.at}, ${q.before.id}::bigint)`);
  const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toCameraEventView);
}

/** Stores a camera event; undefined when the same signed request was stored before (a replay). */
export async function insertCameraEvent(db: Db, v: Omit<Selectable<CameraEventsTable>, 'id' | 'details'> & { details: Record<string, unknown> }): Promise<CameraEventView | undefined> {
  const row = await db.insertInto('camera_events').values({ ...v, details: JSON.stringify(v.details) })
    .onConflict((oc) => oc.columns(['source_id', 'signature']).doNothing()).returningAll().executeTakeFirst();
  return row && toCameraEventView(row);
}

/** Every source with its cameras, by name. */
export async function listSources(db: Db): Promise<SecuritySourceView[]> {
  const [sources, cameras] = await Promise.all([
    db.selectFrom('security_sources').selectAll().orderBy('name').execute(),
    db.selectFrom('security_cameras').selectAll().orderBy('camera_id').execute(),
  ]);
  return sources.map((s) => sourceView(s, cameras.filter((c) => c.source_id === s.id).map((c) => ({ cameraId: c.camera_id, siteId: c.site_id, stationIds: c.station_ids }))));
}

/** A source row and its view, or undefined. */
export async function findSource(db: Db, id: string): Promise<{ row: SourceRow; view: SecuritySourceView } | undefined> {
  const row = await db.selectFrom('security_sources').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const cameras = await db.selectFrom('security_cameras').selectAll().where('source_id', '=', id).orderBy('camera_id').execute();
  return { row, view: sourceView(row, cameras.map((c) => ({ cameraId: c.camera_id, siteId: c.site_id, stationIds: c.station_ids }))) };
}

function sourceView(r: SourceRow, cameras: CameraMapping[]): SecuritySourceView {
  return { id: r.id, name: r.name, disabled: r.disabled, createdAt: r.created_at.toISOString(), createdBy: r.created_by, cameras };
}

/** Adds a source. */
export async function insertSource(db: Db, v: { id: string; name: string; secret: string; disabled: boolean; createdAt: Date; createdBy: string | null }): Promise<void> {
  await db.insertInto('security_sources').values({ id: v.id, name: v.name, secret: v.secret, disabled: v.disabled, created_at: v.createdAt, created_by: v.createdBy }).execute();
}

/** Changes a source's fields; false when it does not exist. */
export async function updateSource(db: Db, id: string, set: { name?: string; secret?: string; disabled?: boolean }): Promise<boolean> {
  if (Object.keys(set).length === 0) return (await db.selectFrom('security_sources').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  const r = await db.updateTable('security_sources').set(set).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Replaces a source's camera mapping. */
export async function replaceCameras(db: Db, sourceId: string, cameras: readonly CameraMapping[]): Promise<void> {
  await db.deleteFrom('security_cameras').where('source_id', '=', sourceId).execute();
  if (cameras.length === 0) return;
  await db.insertInto('security_cameras').values(cameras.map((c) => ({ source_id: sourceId, camera_id: c.cameraId, site_id: c.siteId, station_ids: [...c.stationIds] }))).execute();
}

/** Removes a source (its cameras go with it; its events stay). */
export async function deleteSource(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('security_sources').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Where a camera is mapped, or undefined for an unmapped camera. */
export function findCamera(db: Db, sourceId: string, cameraId: string): Promise<{ site_id: string | null; station_ids: string[] } | undefined> {
  return db.selectFrom('security_cameras').select(['site_id', 'station_ids']).where('source_id', '=', sourceId).where('camera_id', '=', cameraId).executeTakeFirst();
}

/** Records a failed station login (from `station.login_failed`). */
export async function insertLoginFailure(db: Db, v: { stationId: string; address: string | null; reason: string; at: Date }): Promise<void> {
  await db.insertInto('station_login_failures').values({ station_id: v.stationId, address: v.address, reason: v.reason, at: v.at }).execute();
}

/** Records a refused authorization (from `token.authorization`). */
export async function insertAuthorizationRefusal(db: Db, v: { stationId: string; idToken: string; status: string; phase: string; at: Date }): Promise<void> {
  await db.insertInto('authorization_refusals').values({ station_id: v.stationId, id_token: v.idToken, status: v.status, phase: v.phase, at: v.at }).execute();
}

/** The site a station belongs to, and whether it exists. */
export function findStationSite(db: Db, stationId: string): Promise<{ site_id: string | null } | undefined> {
  return db.selectFrom('stations').select('site_id').where('id', '=', stationId).executeTakeFirst();
}

/** Which of these ids are existing stations. */
export async function existingStations(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('stations').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Whether a site exists. */
export async function siteExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('sites').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
