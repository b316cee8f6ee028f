import type { Session } from './sessions.js';
import type { SessionCursor } from './sessions-query-repository.js';
import type { SessionRow } from './sessions-repository.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A stored session as the API shows it. */
export function presentSession(r: SessionRow): Session {
  const end = r.stopped_at ?? r.last_sample_at ?? r.started_at;
  return {
    id: r.id,
    stationId: r.station_id,
    transactionRef: r.transaction_ref,
    protocol: r.protocol,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    idToken: r.id_token,
    idTokenType: r.id_token_type,
    authStatus: r.auth_status,
    state: r.state,
    startedAt: r.started_at.toISOString(),
    stoppedAt: iso(r.stopped_at),
    meterStartWh: r.meter_start_wh,
    meterStopWh: r.meter_stop_wh,
    energyWh: r.energy_wh,
    powerW: r.power_w,
    soc: r.soc,
    lastSampleAt: iso(r.last_sample_at),
    chargingState: r.charging_state,
    stopReason: r.stop_reason,
    remoteStartId: r.remote_start_id,
    durationS: Math.max(0, Math.round((end.getTime() - r.started_at.getTime()) / 1000)),
    offline: r.offline,
    anomaly: r.anomaly,
  };
}

/** The opaque cursor after a row. */
export function encodeCursor(r: SessionRow): string {
  return Buffer.from(`${r.started_at.toISOString()}|${r.id}`).toString('base64url');
}

/** Reads a cursor; undefined when it is not one of ours. */
export function decodeCursor(cursor: string): SessionCursor | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const n = Number(id);
  if (!at || Number.isNaN(Date.parse(at)) || !Number.isInteger(n)) return undefined;
  return { startedAt: at, id: n };
}
