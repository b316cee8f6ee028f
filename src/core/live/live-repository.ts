import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { LiveConnector, LiveSession, LiveSite, LiveStation } from './live.js';
import type { ActiveWindow } from './maintenance-overlay.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Reads the current state of every station, connector, site and active session, to rebuild the live view. */
export async function loadLiveState(db: Kysely<Database>): Promise<{ stations: LiveStation[]; sessions: LiveSession[]; sites: LiveSite[]; maintenance: ActiveWindow[] }> {
  const [stations, connectors, sessions, sites, windows] = await Promise.all([
    db.selectFrom('stations')
      .select(['id', 'name', 'admission', 'protocol', 'vendor', 'model', 'firmware_version', 'simulated', 'online', 'last_seen_at', 'disconnected_at', 'site_id'])
      .execute(),
    db.selectFrom('connectors').select(['station_id', 'evse_id', 'connector_id', 'status', 'error_code', 'info', 'vendor_error_code', 'status_at']).orderBy('evse_id').orderBy('connector_id').execute(),
    db.selectFrom('sessions').where('state', '=', 'active')
      .select(['id', 'station_id', 'evse_id', 'connector_id', 'id_token', 'started_at', 'energy_wh', 'power_w', 'soc', 'last_sample_at', 'charging_state']).execute(),
    db.selectFrom('sites').select(['id', 'name', 'max_power_kw']).execute(),
    db.selectFrom('maintenance_windows').where('state', '=', 'active').select(['id', 'station_id', 'evse_id', 'reason', 'ends_at']).execute(),
  ]);
  const byStation = new Map<string, LiveConnector[]>();
  for (const c of connectors) {
    let list = byStation.get(c.station_id);
    if (!list) byStation.set(c.station_id, (list = []));
    list.push({
      evseId: c.evse_id, connectorId: c.connector_id, status: c.status, reportedStatus: c.status, errorCode: c.error_code, info: c.info, vendorErrorCode: c.vendor_error_code,
      statusAt: iso(c.status_at), sessionId: null, powerW: null, energyWh: null, soc: null,
    });
  }
  const liveSessions: LiveSession[] = sessions.map((s) => ({
    id: s.id, stationId: s.station_id, evseId: s.evse_id, connectorId: s.connector_id, idToken: s.id_token,
    startedAt: s.started_at.toISOString(), energyWh: s.energy_wh, powerW: s.power_w, soc: s.soc, lastSampleAt: iso(s.last_sample_at),
    chargingState: s.charging_state,
  }));
  return {
    stations: stations.map((s) => ({
      id: s.id, name: s.name, admission: s.admission, protocol: s.protocol, vendor: s.vendor, model: s.model,
      firmwareVersion: s.firmware_version, simulated: s.simulated, online: s.online, lastSeenAt: iso(s.last_seen_at),
      disconnectedAt: iso(s.disconnected_at), siteId: s.site_id, connectors: byStation.get(s.id) ?? [],
    })),
    sessions: liveSessions,
    sites: sites.map((s) => ({ id: s.id, name: s.name, maxPowerKw: s.max_power_kw })),
    maintenance: windows.map((w) => ({ stationId: w.station_id, windowId: w.id, evseId: w.evse_id, reason: w.reason, endsAt: iso(w.ends_at) })),
  };
}
