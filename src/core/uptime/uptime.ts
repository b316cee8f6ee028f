import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** Why an outage does not count against a port (23 CFR 680.116(b)(3)). */
export type ExclusionReason = 'utility_outage' | 'vehicle_fault' | 'scheduled_maintenance' | 'vandalism' | 'natural_disaster';
export const EXCLUSION_REASONS: readonly ExclusionReason[] = ['utility_outage', 'vehicle_fault', 'scheduled_maintenance', 'vandalism', 'natural_disaster'];

/** Why a port was down in a minute, worst first (`failed_start` and `under_power` only when the settings count them). */
export type OutageCause = 'offline' | 'station_faulted' | 'station_unavailable' | 'faulted' | 'unavailable' | 'failed_start' | 'under_power' | 'maintenance';

/** A port: one EVSE of a station (1.6 connector N is EVSE N), the unit the NEVI rule measures. */
export interface PortRef {
  stationId: string;
  evseId: number;
}

/** One outage: consecutive minutes of a port down (within opening hours) with one cause. */
export interface Outage {
  start: string;
  end: string;
  minutes: number;
  cause: OutageCause;
  /** Set when the outage is excluded: maintenance windows are `scheduled_maintenance`. */
  excludedReason: ExclusionReason | null;
}

/** A port's minutes in a period, by class. `minutes` = up + down + excluded + outsideHours. */
export interface LedgerTotals {
  /** Minutes of the period the port was in service (from its first reported status on). */
  minutes: number;
  up: number;
  /** Outage minutes that count against the port. */
  down: number;
  /** Outage minutes excluded with a reason (T_excluded). */
  excluded: number;
  excludedByReason: Partial<Record<ExclusionReason, number>>;
  outsideHours: number;
}

/** The ledger of one port over a period. */
export interface PortLedger extends LedgerTotals {
  outages: Outage[];
}

/** A maintenance window: a station (evseId null) or one port out of service from `startsAt` to `endsAt` (null: until ended). */
export interface MaintenanceWindow {
  id: number;
  stationId: string;
  evseId: number | null;
  startsAt: string;
  endsAt: string | null;
  reason: string;
  note: string | null;
  state: 'scheduled' | 'active' | 'ended';
  createdBy: string;
  createdAt: string;
  endedBy: string | null;
}

/** An excluded period recorded by an operator for a port, a station or a site. */
export interface UptimeExclusion {
  id: number;
  scope: 'port' | 'station' | 'site';
  stationId: string | null;
  evseId: number | null;
  siteId: string | null;
  startsAt: string;
  endsAt: string;
  reason: ExclusionReason;
  note: string | null;
  evidence: string | null;
  createdBy: string;
  createdAt: string;
}

/** Which derived conditions count a port as down besides faulted, unavailable and offline (all off by default). */
export interface UptimeSettings {
  /** Minutes a failed start counts its port as down, cut short by the port's next start attempt; 0: not counted. */
  failedStartDownMin: number;
  /** A session's Charging minutes count its port as down when its mean power over them is below this (W); 0: not counted. */
  underPowerW: number;
  /** A session that ends within this many seconds with no energy is a failed start (the failed-starts alert rule's quickStopS). */
  quickStopS(): number;
}

/** The defaults: only faulted, unavailable and offline count as down. */
export const DEFAULT_UPTIME_SETTINGS: UptimeSettings = { failedStartDownMin: 0, underPowerW: 0, quickStopS: () => 60 };

/** What the uptime services are built from. */
export interface UptimeDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
  logger: Logger;
}
