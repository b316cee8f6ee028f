import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SecurityTimelineKind } from './security.js';

/** One merged row before it is titled: its source table's fields in a common shape. */
export interface TimelineRow {
  kind: SecurityTimelineKind;
  id: string;
  at: Date;
  label: string;
  evse_id: number | null;
  connector_id: number | null;
  detail: Record<string, unknown>;
}

/**
 * A station's security timeline: its security events, camera events mapped to it (or to its site without
 * stations), its connector status changes, failed logins and refused authorizations in one query, newest
 * first with ties broken by kind and id (so the keyset `before` is exact).
 */
export async function readTimeline(
  db: Kysely<Database>,
  q: { stationId: string; siteId: string | null; from: Date; to: Date; before?: { at: Date; kind: string; id: string }; limit: number },
): Promise<TimelineRow[]> {
  const { stationId, siteId, from, to } = q;
  const before = q.before ? sql`where (at, kind, id) < (${q.before.at}, ${q.before.kind}, ${q.before.id}::bigint)` : sql``;
  const result = await sql<TimelineRow>`
    select kind, id::text as id, at, label, evse_id, connector_id, detail from (
      select 'security_event' as kind, id, at, coalesce(status, '') as label, null::int as evse_id, null::int as connector_id, coalesce(detail, '{}') as detail
        from station_notifications where station_id = ${stationId} and kind = 'security' and at >= ${from} and at < ${to}
      union all
      select 'camera_event', id, at, event_type, null, null,
          jsonb_build_object('sourceId', source_id, 'sourceName', source_name, 'cameraId', camera_id, 'snapshotUrl', snapshot_url, 'details', details, 'siteWide', not (${stationId} = any(station_ids)))
        from camera_events where (${stationId} = any(station_ids) or (site_id = ${siteId} and cardinality(station_ids) = 0)) and at >= ${from} and at < ${to}
      union all
      select 'connector_status', id, at, status, evse_id, connector_id,
          jsonb_build_object('errorCode', error_code, 'info', info, 'vendorErrorCode', vendor_error_code)
        from connector_status_history where station_id = ${stationId} and at >= ${from} and at < ${to}
      union all
      select 'login_failed', id, at, reason, null, null, jsonb_build_object('address', address)
        from station_login_failures where station_id = ${stationId} and at >= ${from} and at < ${to}
      union all
      select 'authorization_refused', id, at, status, null, null, jsonb_build_object('idToken', id_token, 'phase', phase)
        from authorization_refusals where station_id = ${stationId} and at >= ${from} and at < ${to}
    ) merged
    ${before}
    order by at desc, kind desc, id desc
    limit ${q.limit}
  `.execute(db);
  return result.rows;
}
