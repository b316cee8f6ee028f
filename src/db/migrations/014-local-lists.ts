/**
 * Local authorization lists: per station, the list version we sent and the one the station reports, the
 * sync state with its last attempt and retry, and the entries last sent (so a differential can be computed).
 */
export const name = 'local-lists';

export const up = /* sql */ `
create table local_list_states (
  station_id text primary key references stations (id) on delete cascade,
  -- The version of the list the station accepted last (0: nothing sent yet).
  our_version integer not null default 0,
  -- The version the station last reported (GetLocalListVersion) or accepted; null until known.
  station_version integer,
  state text not null default 'pending' check (state in ('in_sync', 'pending', 'failed', 'not_supported', 'disabled')),
  error text,
  -- The next update must be a full one (never sent, the station failed one, or its version differs).
  full_needed boolean not null default true,
  -- Allowed tokens left out because the station holds fewer (LocalAuthListMaxLength).
  dropped integer not null default 0,
  max_entries integer,
  per_message integer,
  -- Consecutive failed attempts, for the retry back-off.
  failures integer not null default 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_sync_at timestamptz,
  last_check_at timestamptz,
  updated_at timestamptz not null
);
create index local_list_states_retry_idx on local_list_states (next_attempt_at) where next_attempt_at is not null;

create table local_list_entries (
  station_id text not null references stations (id) on delete cascade,
  id_token text not null,
  token_type text not null,
  status text not null,
  expires_at timestamptz,
  group_id text,
  primary key (station_id, id_token)
);
`;
