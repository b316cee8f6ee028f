import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, StationsTable } from '../../db/schema.js';
import type { Admission, BootInfo, ConnectorView, Station, StationFilter, StationProtocol } from './stations.js';

type StationRow = Selectable<StationsTable>;
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Turns a row into what the API shows: camelCase, ISO times, and never the password hash. */
export function toStation(row: StationRow): Station {
  return {
    id: row.id, name: row.name, admission: row.admission, protocol: row.protocol, vendor: row.vendor, model: row.model,
    serialNumber: row.serial_number, firmwareVersion: row.firmware_version, iccid: row.iccid, imsi: row.imsi,
    meterType: row.meter_type, meterSerialNumber: row.meter_serial_number, hasPassword: row.password_hash !== null,
    securityProfile: row.security_profile, requiredSecurityProfile: row.required_security_profile, simulated: row.simulated, online: row.online, nodeId: row.node_id,
    lastSeenAt: iso(row.last_seen_at), connectedAt: iso(row.connected_at), disconnectedAt: iso(row.disconnected_at),
    lastBootAt: iso(row.last_boot_at), availability: row.availability, stationStatus: row.station_status,
    siteId: row.site_id, location: { latitude: row.latitude, longitude: row.longitude, address: row.address },
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

/** What admission needs to know about a station. */
export async function findAdmission(db: Kysely<Database>, id: string): Promise<{ admission: Admission; passwordHash: string | null; requiredProfile: number } | undefined> {
  const row = await db.selectFrom('stations').where('id', '=', id).select(['admission', 'password_hash', 'required_security_profile']).executeTakeFirst();
  return row && { admission: row.admission, passwordHash: row.password_hash, requiredProfile: row.required_security_profile };
}

/** Inserts a station; undefined when the id is taken. */
export async function insertStation(db: Kysely<Database>, values: { id: string; name?: string | null; admission: Admission; passwordHash?: string | null; siteId?: string | null; at: Date }): Promise<Station | undefined> {
  const row = await db
    .insertInto('stations')
    .values({
      id: values.id, name: values.name ?? null, admission: values.admission, password_hash: values.passwordHash ?? null, security_profile: values.passwordHash ? 1 : 0,
      site_id: values.siteId ?? null, created_at: values.at, updated_at: values.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toStation(row);
}

/**
 * Records a new socket: closes any connection row still open for the station (a replaced or crashed
 * socket), opens a new one and marks the station online on this node. Returns the admission, or
 * undefined when the station does not exist.
 */
export async function markConnected(trx: Kysely<Database>, v: { stationId: string; nodeId: string; version: StationProtocol; at: Date; securityProfile?: number }): Promise<Admission | undefined> {
  const row = await trx
    .updateTable('stations')
    .set({ online: true, node_id: v.nodeId, connected_at: v.at, last_seen_at: v.at, protocol: v.version, updated_at: v.at, ...(v.securityProfile !== undefined ? { security_profile: v.securityProfile } : {}) })
    .where('id', '=', v.stationId)
    .returning('admission')
    .executeTakeFirst();
  if (!row) return undefined;
  await trx.updateTable('station_connections').set({ disconnected_at: v.at, close_reason: 'replaced' }).where('station_id', '=', v.stationId).where('disconnected_at', 'is', null).execute();
  await trx.insertInto('station_connections').values({ station_id: v.stationId, node_id: v.nodeId, connected_at: v.at }).execute();
  return row.admission;
}

/**
 * Closes the station's open connection rows on this node and marks it offline if this node still holds it,
 * through a connection made no later than `at` (a retried disconnect never closes a newer connection).
 */
export async function markDisconnected(trx: Kysely<Database>, v: { stationId: string; nodeId: string; at: Date; closeReason: string }): Promise<boolean> {
  await trx.updateTable('station_connections').set({ disconnected_at: v.at, close_reason: v.closeReason })
    .where('station_id', '=', v.stationId).where('node_id', '=', v.nodeId).where('disconnected_at', 'is', null).where('connected_at', '<=', v.at).execute();
  const res = await trx.updateTable('stations').set({ online: false, disconnected_at: v.at, updated_at: v.at })
    .where('id', '=', v.stationId).where('node_id', '=', v.nodeId).where('online', '=', true).where('connected_at', '<=', v.at).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Marks every station this node left online as offline (after a crash); returns their ids. */
export async function markNodeOffline(trx: Kysely<Database>, nodeId: string, at: Date): Promise<string[]> {
  await trx.updateTable('station_connections').set({ disconnected_at: at, close_reason: 'server restarted' })
    .where('node_id', '=', nodeId).where('disconnected_at', 'is', null).execute();
  const rows = await trx.updateTable('stations').set({ online: false, disconnected_at: at, updated_at: at })
    .where('node_id', '=', nodeId).where('online', '=', true).returning('id').execute();
  return rows.map((r) => r.id);
}

/** Stores what the station said at boot and logs the boot; returns the admission or undefined if the station is gone. */
export async function recordBoot(trx: Kysely<Database>, stationId: string, protocol: StationProtocol, info: BootInfo, at: Date): Promise<Admission | undefined> {
  const row = await trx
    .updateTable('stations')
    .set({
      protocol, vendor: info.vendor, model: info.model, serial_number: info.serialNumber ?? null, firmware_version: info.firmwareVersion ?? null,
      iccid: info.iccid ?? null, imsi: info.imsi ?? null, meter_type: info.meterType ?? null, meter_serial_number: info.meterSerialNumber ?? null,
      last_boot_at: at, last_seen_at: at, updated_at: at,
    })
    .where('id', '=', stationId)
    .returning('admission')
    .executeTakeFirst();
  if (!row) return undefined;
  await trx.insertInto('station_boots').values({
    station_id: stationId, at, reason: info.reason ?? null, protocol, vendor: info.vendor, model: info.model,
    firmware_version: info.firmwareVersion ?? null, serial_number: info.serialNumber ?? null,
  }).execute();
  return row.admission;
}

/** A page of stations matching the filter, ordered by id. */
export async function listStations(db: Kysely<Database>, filter: StationFilter, limit: number, offset: number): Promise<{ rows: Station[]; total: number }> {
  let q = db.selectFrom('stations');
  if (filter.admission) q = q.where('admission', '=', filter.admission);
  if (filter.online !== undefined) q = q.where('online', '=', filter.online);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('id', 'ilike', like), eb('name', 'ilike', like), eb('vendor', 'ilike', like), eb('model', 'ilike', like)]));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id').limit(limit).offset(offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toStation), total: count.n };
}

/** One station, or undefined. */
export async function findStation(db: Kysely<Database>, id: string): Promise<Station | undefined> {
  const row = await db.selectFrom('stations').where('id', '=', id).selectAll().executeTakeFirst();
  return row && toStation(row);
}

/** The connectors of a station, in EVSE/connector order. */
export async function listConnectors(db: Kysely<Database>, stationId: string): Promise<ConnectorView[]> {
  const rows = await db.selectFrom('connectors').where('station_id', '=', stationId).selectAll().orderBy('evse_id').orderBy('connector_id').execute();
  return rows.map((r) => ({
    evseId: r.evse_id, connectorId: r.connector_id, status: r.status, errorCode: r.error_code, info: r.info,
    vendorId: r.vendor_id, vendorErrorCode: r.vendor_error_code, statusAt: iso(r.status_at),
  }));
}

/** Changes the admission; returns the previous value and the updated station, or undefined if missing. */
export async function updateAdmission(trx: Kysely<Database>, id: string, admission: Admission, at: Date): Promise<{ previous: Admission; station: Station } | undefined> {
  const before = await trx.selectFrom('stations').where('id', '=', id).select('admission').forUpdate().executeTakeFirst();
  if (!before) return undefined;
  const row = await trx.updateTable('stations').set({ admission, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  return { previous: before.admission, station: toStation(row) };
}

/** Sets or clears the Basic-auth password hash; undefined when the station does not exist. */
export async function updatePasswordHash(trx: Kysely<Database>, id: string, hash: string | null, at: Date): Promise<Station | undefined> {
  const row = await trx.updateTable('stations').set({ password_hash: hash, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toStation(row);
}

/** Deletes a station (its boots, connections, connectors and notifications go with it); false if missing. */
export async function deleteStation(trx: Kysely<Database>, id: string): Promise<boolean> {
  await trx.deleteFrom('connectors').where('station_id', '=', id).execute();
  const res = await trx.deleteFrom('stations').where('id', '=', id).executeTakeFirst();
  return res.numDeletedRows > 0n;
}

/** Upserts the variables of a NotifyReport (one row per component/variable/attribute). */
export async function upsertVariables(
  trx: Kysely<Database>,
  stationId: string,
  rows: readonly { component: string; componentInstance: string; evseId: number; connectorId: number; variable: string; variableInstance: string; attributeType: string; value: string | null; mutability: string | null }[],
  at: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const unique = new Map<string, (typeof rows)[number]>();
  for (const r of rows) unique.set([r.component, r.componentInstance, r.evseId, r.connectorId, r.variable, r.variableInstance, r.attributeType].join('\u0000'), r);
  await trx
    .insertInto('station_variables')
    .values([...unique.values()].map((r) => ({
      station_id: stationId, component: r.component, component_instance: r.componentInstance, evse_id: r.evseId, connector_id: r.connectorId,
      variable: r.variable, variable_instance: r.variableInstance, attribute_type: r.attributeType, value: r.value, mutability: r.mutability, updated_at: at,
    })))
    .onConflict((oc) => oc.columns(['station_id', 'component', 'component_instance', 'evse_id', 'connector_id', 'variable', 'variable_instance', 'attribute_type'])
      .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), mutability: eb.ref('excluded.mutability'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}

/** Inserts one station_notifications row (used inside a transaction with its event). */
export async function insertNotification(trx: Kysely<Database>, v: { stationId: string; kind: string; status: string | null; detail: Record<string, unknown>; at: Date; recordedAt: Date }): Promise<void> {
  await trx.insertInto('station_notifications').values({ station_id: v.stationId, kind: v.kind, status: v.status, detail: JSON.stringify(v.detail), at: v.at, recorded_at: v.recordedAt }).execute();
}
