/** Uptime (23 CFR 680.116): maintenance windows, excluded periods and the stored monthly ledger per port. */
export const name = 'uptime';

export const up = /* sql */ `
-- A station (evse_id null) or one port taken out of service by an operator. ends_at null: until ended.
-- state follows the clock: scheduled until starts_at, active until ends_at, then ended.
create table maintenance_windows (
  id integer generated always as identity primary key,
  station_id text not null references stations (id) on delete cascade,
  evse_id integer,
  starts_at timestamptz not null,
  ends_at timestamptz,
  reason text not null,
  note text,
  state text not null default 'scheduled' check (state in ('scheduled', 'active', 'ended')),
  created_by text not null,
  created_at timestamptz not null,
  ended_by text,
  check (ends_at is null or ends_at > starts_at)
);
create index maintenance_windows_station_idx on maintenance_windows (station_id, starts_at);
-- The timer and the live view read the windows that are not over yet.
create index maintenance_windows_open_idx on maintenance_windows (starts_at) where state <> 'ended';

-- A period whose outage is outside the operator's control (23 CFR 680.116(b)(3)), for a port, a station or a site.
create table uptime_exclusions (
  id integer generated always as identity primary key,
  scope text not null check (scope in ('port', 'station', 'site')),
  station_id text references stations (id) on delete cascade,
  evse_id integer,
  site_id uuid references sites (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null check (reason in ('utility_outage', 'vehicle_fault', 'scheduled_maintenance', 'vandalism', 'natural_disaster')),
  note text,
  evidence text,
  created_by text not null,
  created_at timestamptz not null,
  check (ends_at > starts_at),
  check ((scope = 'port' and station_id is not null and evse_id is not null and site_id is null)
      or (scope = 'station' and station_id is not null and evse_id is null and site_id is null)
      or (scope = 'site' and site_id is not null and station_id is null and evse_id is null))
);
create index uptime_exclusions_station_idx on uptime_exclusions (station_id, starts_at) where station_id is not null;
create index uptime_exclusions_site_idx on uptime_exclusions (site_id, starts_at) where site_id is not null;

-- One row per port and closed calendar month (in the site's time zone): the month's ledger in minutes.
create table uptime_monthly (
  station_id text not null references stations (id) on delete cascade,
  evse_id integer not null,
  month date not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  minutes integer not null,
  up_minutes integer not null,
  down_minutes integer not null,
  excluded_minutes integer not null,
  outside_hours_minutes integer not null,
  excluded_by_reason jsonb not null,
  outages jsonb not null,
  computed_at timestamptz not null,
  primary key (station_id, evse_id, month)
);
create index uptime_monthly_month_idx on uptime_monthly (month);
`;
