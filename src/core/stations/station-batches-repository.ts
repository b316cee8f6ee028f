import type pg from 'pg';
import type { DomainEvent } from '../../bus/bus.js';
import { statementChannel, type BatchChannel } from '../../db/batch-committer.js';
import { insertUnnest } from '../../db/unnest-insert.js';
import { eventChannel } from '../../db/outbox.js';

/** One "last seen" mark; many are folded into one UPDATE per batch. */
export interface SeenItem {
  stationId: string;
  at: Date;
}

/** Writes last_seen_at for many stations in one statement, never moving it backwards. */
export const seenChannel = statementChannel<SeenItem>('stations.seen', (items, first) => ({
  sql: `update stations s set last_seen_at = v.at
         from (select id, max(at) as at from unnest($${first}::text[], $${first + 1}::timestamptz[]) as u(id, at) group by id order by id) v
        where s.id = v.id and (s.last_seen_at is null or s.last_seen_at < v.at)`,
  params: [items.map((i) => i.stationId), items.map((i) => i.at)],
}));

/** One StatusNotification; `event` is completed by the write (previous status) and stored only if `current`. */
export interface StatusItem {
  stationId: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  at: Date;
  recordedAt: Date;
  event: DomainEvent;
  /** Set by the write: whether this status became the current one (false when an older one arrived late). */
  current?: boolean;
}

interface KnownState {
  status: string | null;
  at: Date | null;
}

const keyOf = (i: { stationId: string; evseId: number; connectorId: number }): string => `${i.stationId}\u0000${i.evseId}\u0000${i.connectorId}`;

/** Decides, per key and in timestamp order, which items become current, filling their previous status. */
function resolve(items: StatusItem[], known: Map<string, KnownState>): Map<string, StatusItem> {
  const latest = new Map<string, StatusItem>();
  const sorted = [...items].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const item of sorted) {
    const key = keyOf(item);
    const state = known.get(key) ?? { status: null, at: null };
    item.current = state.at === null || item.at.getTime() >= state.at.getTime();
    item.event.data = { ...item.event.data, previousStatus: state.status };
    if (item.current) {
      known.set(key, { status: item.status, at: item.at });
      latest.set(key, item);
    }
  }
  return latest;
}

async function knownConnectors(client: pg.PoolClient, items: StatusItem[]): Promise<Map<string, KnownState>> {
  const known = new Map<string, KnownState>();
  if (items.length === 0) return known;
  const res = await client.query<{ station_id: string; evse_id: number; connector_id: number; status: string; status_at: Date | null }>(
    `select c.station_id, c.evse_id, c.connector_id, c.status, c.status_at
       from connectors c join unnest($1::text[], $2::int[], $3::int[]) as k(s, e, n)
         on c.station_id = k.s and c.evse_id = k.e and c.connector_id = k.n`,
    [items.map((i) => i.stationId), items.map((i) => i.evseId), items.map((i) => i.connectorId)],
  );
  for (const r of res.rows) known.set(keyOf({ stationId: r.station_id, evseId: r.evse_id, connectorId: r.connector_id }), { status: r.status, at: r.status_at });
  return known;
}

async function knownStationStatus(client: pg.PoolClient, items: StatusItem[]): Promise<Map<string, KnownState>> {
  const known = new Map<string, KnownState>();
  if (items.length === 0) return known;
  const ids = [...new Set(items.map((i) => i.stationId))];
  const res = await client.query<{ id: string; station_status: string | null; at: Date | null }>(
    `select s.id, s.station_status,
            (select max(h.at) from connector_status_history h where h.station_id = s.id and h.evse_id = 0 and h.connector_id = 0) as at
       from stations s where s.id = any($1::text[])`,
    [ids],
  );
  for (const r of res.rows) known.set(keyOf({ stationId: r.id, evseId: 0, connectorId: 0 }), { status: r.station_status, at: r.at });
  return known;
}

/**
 * StatusNotifications of many stations in one go: connector upserts, the station-level status, the
 * history and the outbox events, all inside the batch's transaction. A status older than the stored one
 * goes to the history only. The committer writes one batch at a time, so reading then writing is safe.
 */
export const statusChannel: BatchChannel<StatusItem> = {
  name: 'stations.status',
  async write(client, items) {
    const stationLevel = items.filter((i) => i.evseId === 0);
    const connectorLevel = items.filter((i) => i.evseId !== 0);
    const [connectors, stations] = await Promise.all([knownConnectors(client, connectorLevel), knownStationStatus(client, stationLevel)]);
    const latestConnectors = [...resolve(connectorLevel, connectors).values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const latestStations = [...resolve(stationLevel, stations).values()].sort((a, b) => a.stationId.localeCompare(b.stationId));
    // The existence check keeps a station removed while connected from failing the other stations' rows.
    if (latestConnectors.length > 0) {
      const cols = (f: (i: StatusItem) => unknown) => latestConnectors.map(f);
      await client.query(
        `insert into connectors (station_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
         select v.* from unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
                as v(station_id, evse_id, connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at, updated_at)
          where exists (select 1 from stations s where s.id = v.station_id)
         on conflict (station_id, evse_id, connector_id) do update set
           status = excluded.status, error_code = excluded.error_code, info = excluded.info, vendor_id = excluded.vendor_id,
           vendor_error_code = excluded.vendor_error_code, status_at = excluded.status_at, updated_at = excluded.updated_at
         where connectors.status_at is null or connectors.status_at <= excluded.status_at`,
        [cols((i) => i.stationId), cols((i) => i.evseId), cols((i) => i.connectorId), cols((i) => i.status), cols((i) => i.errorCode), cols((i) => i.info), cols((i) => i.vendorId), cols((i) => i.vendorErrorCode), cols((i) => i.at), cols((i) => i.recordedAt)],
      );
    }
    if (latestStations.length > 0) {
      await client.query(
        `update stations s set station_status = v.status, updated_at = v.recorded_at
           from unnest($1::text[], $2::text[], $3::timestamptz[]) as v(id, status, recorded_at) where s.id = v.id`,
        [latestStations.map((i) => i.stationId), latestStations.map((i) => i.status), latestStations.map((i) => i.recordedAt)],
      );
    }
    await insertUnnest(
      client, 'connector_status_history',
      [['station_id', 'text'], ['evse_id', 'int'], ['connector_id', 'int'], ['status', 'text'], ['error_code', 'text'], ['info', 'text'], ['vendor_error_code', 'text'], ['at', 'timestamptz'], ['recorded_at', 'timestamptz']],
      items, (i) => [i.stationId, i.evseId, i.connectorId, i.status, i.errorCode, i.info, i.vendorErrorCode, i.at, i.recordedAt],
    );
    const events = items.filter((i) => i.current).map((i) => i.event);
    if (events.length > 0) await eventChannel.write(client, events);
  },
};

/** One station notification (firmware, diagnostics, log, security, data transfer, monitoring event) and its event. */
export interface NotificationItem {
  stationId: string;
  kind: string;
  status: string | null;
  detail: Record<string, unknown>;
  at: Date;
  recordedAt: Date;
  event: DomainEvent;
}

/** Stores notifications and their outbox events in the batch's transaction. */
export const notificationChannel: BatchChannel<NotificationItem> = {
  name: 'stations.notifications',
  async write(client, items) {
    // A station removed while still connected must not make the whole batch (other stations' rows) fail.
    await client.query(
      `insert into station_notifications (station_id, kind, status, detail, at, recorded_at)
       select v.station_id, v.kind, v.status, v.detail, v.at, v.recorded_at
         from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::timestamptz[]) with ordinality as v(station_id, kind, status, detail, at, recorded_at, n)
        where exists (select 1 from stations s where s.id = v.station_id)
        order by v.n`,
      [items.map((i) => i.stationId), items.map((i) => i.kind), items.map((i) => i.status), items.map((i) => JSON.stringify(i.detail)), items.map((i) => i.at), items.map((i) => i.recordedAt)],
    );
    await eventChannel.write(client, items.map((i) => i.event));
  },
};
