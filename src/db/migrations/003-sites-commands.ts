/** Sites, station location and site membership, the operator command log, fleet power history, and the indexes the API reads by. */
export const name = 'sites-commands';

export const up = /* sql */ `
create table sites (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  address text,
  latitude double precision,
  longitude double precision,
  timezone text not null default 'UTC',
  opening_hours jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sites_name_idx on sites (lower(name), id);

alter table stations
  add column site_id uuid references sites (id) on delete set null,
  add column latitude double precision,
  add column longitude double precision,
  add column address text;
-- Site membership is read per site (site pages, session filters) and cleared when a site is deleted.
create index stations_site_idx on stations (site_id, id) where site_id is not null;

create table command_log (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  command text not null,
  request jsonb not null,
  status text,
  error text,
  sent_by text not null,
  sent_at timestamptz not null,
  duration_ms integer
);
create index command_log_station_idx on command_log (station_id, id desc);

-- One point per minute of the fleet's total charging power, so the power chart survives a restart.
create table fleet_power (
  minute timestamptz primary key,
  power_w double precision not null
);

-- The live stream resumes after a Last-Event-ID: read the outbox by id across partitions.
create index events_id_idx on events (id);
-- Session lists per station, newest first.
create index sessions_station_started_idx on sessions (station_id, started_at desc, id desc);
`;
