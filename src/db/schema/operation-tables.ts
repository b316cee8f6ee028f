import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Json, DefaultTimestamp } from './columns.js';

// Sites, access rules, commands, fleet power and tariffs (migrations 003, 004, 010, 013).

export interface SitesTable {
  id: Generated<string>;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  timezone: Generated<string>;
  opening_hours: ColumnType<Record<string, Array<[string, string]>>, string | undefined, string>;
  max_power_kw: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

/** One access rule of a site or a station (migration 013). */
export interface AccessRulesTable {
  id: Generated<string>;
  site_id: string | null;
  station_id: string | null;
  mode: 'public' | 'private' | 'schedule';
  group_ids: ColumnType<string[], string[] | undefined, string[]>;
  driver_ids: ColumnType<string[], string[] | undefined, string[]>;
  tokens: ColumnType<string[], string[] | undefined, string[]>;
  schedule: ColumnType<Record<string, Array<[string, string]>>, string | undefined, string>;
  outside: 'listed' | 'nobody';
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CommandLogTable {
  id: Generated<string>;
  station_id: string;
  command: string;
  request: Json;
  status: string | null;
  error: string | null;
  sent_by: string;
  sent_at: Timestamp;
  duration_ms: number | null;
}

export interface FleetPowerTable {
  minute: Timestamp;
  power_w: number;
}

export interface TariffsTable {
  id: Generated<string>;
  current_version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface TariffVersionsTable {
  tariff_id: string;
  version: number;
  name: string;
  currency: string;
  vat_percent: ColumnType<string, string | number, string | number>;
  components: Json;
  created_at: Timestamp;
}

export interface TariffAssignmentsTable {
  scope: 'default' | 'site' | 'station' | 'token_group';
  scope_id: string;
  tariff_id: string;
  updated_at: DefaultTimestamp;
}
