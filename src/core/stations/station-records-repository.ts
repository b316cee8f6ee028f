import { sql, type Kysely, type Updateable } from 'kysely';
import { MESSAGE_PAIR_WINDOW_MS } from '../../db/message-log.js';
import type { Database, StationsTable } from '../../db/schema.js';
import { toStation } from './stations-repository.js';
import type { LoggedMessage, Station, StationRecords } from './stations.js';

/** The component name 1.6 configuration keys are stored under in station_variables (1.6 has no components). */
export const V16_COMPONENT = '';

/** Changes a station's name, site or location; undefined when the station does not exist. */
export async function updateProfile(trx: Kysely<Database>, id: string, set: Pick<Updateable<StationsTable>, 'name' | 'site_id' | 'latitude' | 'longitude' | 'address' | 'required_security_profile'>, at: Date): Promise<Station | undefined> {
  const row = await trx.updateTable('stations').set({ ...set, updated_at: at }).where('id', '=', id).returningAll().executeTakeFirst();
  return row && toStation(row);
}

/** The last boots and connections of a station (newest first) and its last known configuration. */
export async function loadRecords(db: Kysely<Database>, stationId: string, limit: number): Promise<StationRecords> {
  const [boots, connections, variables] = await Promise.all([
    db.selectFrom('station_boots').where('station_id', '=', stationId).select(['at', 'reason', 'firmware_version']).orderBy('at', 'desc').limit(limit).execute(),
    db.selectFrom('station_connections').where('station_id', '=', stationId).select(['connected_at', 'disconnected_at', 'close_reason'])
      .orderBy('connected_at', 'desc').limit(limit).execute(),
    db.selectFrom('station_variables').where('station_id', '=', stationId).where('attribute_type', '=', 'Actual')
      .select(['component', 'component_instance', 'evse_id', 'connector_id', 'variable', 'variable_instance', 'value', 'mutability'])
      .orderBy('component').orderBy('component_instance').orderBy('evse_id').orderBy('connector_id').orderBy('variable').orderBy('variable_instance').execute(),
  ]);
  return {
    boots: boots.map((b) => ({ at: b.at.toISOString(), reason: b.reason, firmwareVersion: b.firmware_version })),
    connections: connections.map((c) => ({ connectedAt: c.connected_at.toISOString(), disconnectedAt: c.disconnected_at ? c.disconnected_at.toISOString() : null, closeReason: c.close_reason })),
    configuration: variables.map((v) => ({
      key: v.component === V16_COMPONENT ? v.variable : variableKey(v),
      value: v.value,
      readonly: v.mutability === 'ReadOnly',
    })),
  };
}

/** `Component[/instance][@evse[:connector]].Variable[/instance]`, the flat key the API uses for 2.0.1 variables. */
function variableKey(v: { component: string; component_instance: string; evse_id: number; connector_id: number; variable: string; variable_instance: string }): string {
  const evse = v.evse_id > 0 ? `@${v.evse_id}${v.connector_id > 0 ? `:${v.connector_id}` : ''}` : '';
  return `${v.component}${v.component_instance ? `/${v.component_instance}` : ''}${evse}.${v.variable}${v.variable_instance ? `/${v.variable_instance}` : ''}`;
}

/** Keeps the 1.6 configuration keys a station reported (GetConfiguration), replacing earlier values. */
export async function upsertV16Configuration(db: Kysely<Database>, stationId: string, entries: readonly { key: string; value: string | null; readonly: boolean }[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  const unique = new Map(entries.map((e) => [e.key, e]));
  await db.insertInto('station_variables')
    .values([...unique.values()].map((e) => ({
      station_id: stationId, component: V16_COMPONENT, variable: e.key, value: e.value, mutability: e.readonly ? 'ReadOnly' : 'ReadWrite', updated_at: at,
    })))
    .onConflict((oc) => oc.columns(['station_id', 'component', 'component_instance', 'evse_id', 'connector_id', 'variable', 'variable_instance', 'attribute_type'])
      .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), mutability: eb.ref('excluded.mutability'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}

/** Message-log counts stop here; the log of a busy station is far longer than anyone pages through. */
const COUNT_CAP = 10_000;

/** Where a message-log page stopped: the time of its last row and how many rows at exactly that time were returned. */
export interface MessageCursor {
  at: string;
  skip: number;
}

/** One frame of the message log as read: a row's CALL and its answer are two frames. */
interface FrameRow {
  at: Date;
  direction: 'i' | 'o';
  message_type: number | null;
  message_id: string | null;
  action: string | null;
  frame: string;
}

/**
 * A page of one station's logged frames, newest first. A row holds a station's CALL and our answer to it
 * (two frames, each with its own time) or a single frame; filters and order apply to frames. Frames share
 * timestamps, so the cursor is the last time plus how many frames at that time were already returned
 * (frames at one instant are ordered by message id and direction).
 */
export async function queryMessages(
  db: Kysely<Database>,
  stationId: string,
  q: { action?: string; direction?: 'in' | 'out'; from?: Date; to?: Date; after?: MessageCursor; limit: number },
): Promise<{ items: LoggedMessage[]; next: MessageCursor | null; total: number; totalIsEstimate: boolean }> {
  // A frame is never older than its row (an answer follows its CALL within MESSAGE_PAIR_WINDOW_MS), so
  // each bound on frames also bounds rows by the indexed time.
  const filters = [sql`m.station_id = ${stationId}`, sql`f.frame is not null`];
  if (q.action !== undefined) filters.push(sql`m.action = ${q.action}`);
  if (q.direction !== undefined) filters.push(sql`f.direction = ${q.direction === 'in' ? 'i' : 'o'}`);
  if (q.from !== undefined) filters.push(sql`f.at >= ${q.from}`, sql`m.recorded_at >= ${new Date(q.from.getTime() - MESSAGE_PAIR_WINDOW_MS)}`);
  if (q.to !== undefined) filters.push(sql`f.at < ${q.to}`, sql`m.recorded_at < ${q.to}`);
  const frames = (more: readonly ReturnType<typeof sql>[]) => sql`
    from ocpp_messages m
    cross join lateral (values (m.recorded_at, m.direction, m.message_type, m.frame), (m.answered_at, 'o', m.answer_type, m.answer))
      as f(at, direction, message_type, frame)
    where ${sql.join([...filters, ...more], sql` and `)}`;
  const page: readonly ReturnType<typeof sql>[] = q.after ? [sql`f.at <= ${new Date(q.after.at)}`, sql`m.recorded_at <= ${new Date(q.after.at)}`] : [];
  const [rows, count] = await Promise.all([
    sql<FrameRow>`select f.at, f.direction, f.message_type, m.message_id, m.action, f.frame ${frames(page)}
      order by f.at desc, m.message_id desc nulls last, f.direction desc
      offset ${q.after?.skip ?? 0} limit ${q.limit + 1}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from (select 1 ${frames([])} limit ${COUNT_CAP + 1}) c`.execute(db),
  ]);
  const found = rows.rows;
  const items = found.slice(0, q.limit);
  let next: MessageCursor | null = null;
  const last = items[items.length - 1];
  if (found.length > q.limit && last) {
    const lastMs = last.at.getTime();
    const sameTime = items.filter((r) => r.at.getTime() === lastMs).length;
    const carried = q.after && new Date(q.after.at).getTime() === lastMs ? q.after.skip : 0;
    next = { at: last.at.toISOString(), skip: carried + sameTime };
  }
  const total = count.rows[0]?.n ?? 0;
  return {
    total: Math.min(total, COUNT_CAP),
    totalIsEstimate: total > COUNT_CAP,
    items: items.map((r) => ({
      at: r.at.toISOString(), direction: r.direction === 'i' ? 'in' : 'out', messageType: r.message_type, messageId: r.message_id, action: r.action, frame: r.frame,
    })),
    next,
  };
}
