/** Stations, connectors, id tokens, sessions, meter samples, the OCPP message log and the event outbox. */
export const name = 'core';
export const up = /* sql */ `
create table stations (
  id text primary key,
  name text,
  admission text not null default 'accepted' check (admission in ('pending', 'accepted', 'rejected', 'disabled')),
  protocol text check (protocol in ('1.6', '2.0.1')),
  vendor text,
  model text,
  serial_number text,
  firmware_version text,
  iccid text,
  imsi text,
  meter_type text,
  meter_serial_number text,
  password_hash text,
  security_profile smallint not null default 0,
  simulated boolean not null default false,
  online boolean not null default false,
  node_id text,
  last_seen_at timestamptz,
  connected_at timestamptz,
  disconnected_at timestamptz,
  last_boot_at timestamptz,
  availability text not null default 'Operative',
  station_status text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index stations_admission_idx on stations (admission) where admission <> 'accepted';

create table station_boots (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  at timestamptz not null,
  reason text,
  protocol text not null,
  vendor text,
  model text,
  firmware_version text,
  serial_number text
);
create index station_boots_station_idx on station_boots (station_id, at desc);

create table station_connections (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  node_id text not null,
  connected_at timestamptz not null,
  disconnected_at timestamptz,
  close_reason text
);
create index station_connections_station_idx on station_connections (station_id, connected_at desc);

create table connectors (
  station_id text not null references stations (id) on delete cascade,
  evse_id integer not null,
  connector_id integer not null,
  status text not null default 'Unknown',
  error_code text,
  info text,
  vendor_id text,
  vendor_error_code text,
  status_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (station_id, evse_id, connector_id)
);

create table connector_status_history (
  id bigserial primary key,
  station_id text not null,
  evse_id integer not null,
  connector_id integer not null,
  status text not null,
  error_code text,
  info text,
  vendor_error_code text,
  at timestamptz not null,
  recorded_at timestamptz not null
);
create index connector_status_history_idx on connector_status_history (station_id, evse_id, connector_id, at desc);

create table id_tokens (
  id bigserial primary key,
  token text not null,
  type text not null default 'ISO14443',
  status text not null default 'accepted' check (status in ('accepted', 'blocked', 'expired', 'invalid')),
  expires_at timestamptz,
  group_id text,
  label text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index id_tokens_token_idx on id_tokens (upper(token));

create sequence session_ids as integer;
create table sessions (
  id integer primary key default nextval('session_ids'),
  station_id text not null references stations (id),
  transaction_ref text not null,
  protocol text not null,
  evse_id integer not null,
  connector_id integer not null,
  id_token text,
  id_token_type text,
  auth_status text,
  state text not null default 'active' check (state in ('active', 'completed')),
  started_at timestamptz not null,
  stopped_at timestamptz,
  meter_start_wh double precision,
  meter_stop_wh double precision,
  last_register_wh double precision,
  energy_wh double precision not null default 0,
  power_w double precision,
  soc double precision,
  last_sample_at timestamptz,
  charging_state text,
  stop_reason text,
  remote_start_id integer,
  seq_no integer,
  start_key text,
  offline boolean not null default false,
  anomaly text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (station_id, transaction_ref)
);
alter sequence session_ids owned by sessions.id;
create unique index sessions_start_key_idx on sessions (station_id, start_key) where start_key is not null;
create index sessions_active_idx on sessions (station_id, evse_id) where state = 'active';
create index sessions_started_idx on sessions (started_at desc);

create table meter_samples (
  recorded_at timestamptz not null,
  at timestamptz not null,
  station_id text not null,
  evse_id integer not null,
  connector_id integer not null,
  session_id integer,
  measurand text not null,
  phase text,
  location text,
  context text,
  unit text,
  multiplier smallint,
  value double precision,
  raw text,
  signed jsonb
) partition by range (recorded_at);
create index meter_samples_session_idx on meter_samples (session_id, at) where session_id is not null;
create index meter_samples_station_idx on meter_samples (station_id, recorded_at);
create index meter_samples_brin on meter_samples using brin (recorded_at);

create table ocpp_messages (
  recorded_at timestamptz not null,
  station_id text not null,
  direction char(1) not null check (direction in ('i', 'o')),
  message_type smallint,
  message_id text,
  action text,
  frame text not null
) partition by range (recorded_at);
create index ocpp_messages_station_idx on ocpp_messages (station_id, recorded_at desc);
create index ocpp_messages_brin on ocpp_messages using brin (recorded_at);

create table events (
  id bigserial,
  recorded_at timestamptz not null,
  type text not null,
  station_id text,
  session_id integer,
  data jsonb not null,
  primary key (id, recorded_at)
) partition by range (recorded_at);
create index events_station_idx on events (station_id, id);

create table orphan_messages (
  id bigserial primary key,
  station_id text not null,
  action text not null,
  transaction_ref text,
  payload jsonb not null,
  recorded_at timestamptz not null
);

create table station_notifications (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  kind text not null,
  status text,
  detail jsonb,
  at timestamptz not null,
  recorded_at timestamptz not null
);
create index station_notifications_idx on station_notifications (station_id, kind, at desc);

create table station_variables (
  station_id text not null references stations (id) on delete cascade,
  component text not null,
  component_instance text not null default '',
  evse_id integer not null default 0,
  connector_id integer not null default 0,
  variable text not null,
  variable_instance text not null default '',
  attribute_type text not null default 'Actual',
  value text,
  mutability text,
  updated_at timestamptz not null,
  primary key (station_id, component, component_instance, evse_id, connector_id, variable, variable_instance, attribute_type)
);
`;
