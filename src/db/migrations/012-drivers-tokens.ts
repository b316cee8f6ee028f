/**
 * Drivers and richer id tokens. A driver is one record whether it has an account (user with the `driver`
 * role, `user_id`) or is only a name and contact. Tokens gain an owning driver and monthly limits; the
 * group stays the parent id tag text in `group_id` (OCPP's groupIdToken is itself an id token, so a group is
 * a token text, which may also be a row of its own — no separate groups table). Sessions get an index by
 * token so usage figures per token and month are cheap.
 */
export const name = 'drivers-tokens';

export const up = /* sql */ `
create table drivers (
  id text primary key,
  name text not null,
  email text,
  phone text,
  user_id text unique references users (id) on delete set null,
  notes text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index drivers_email_key on drivers (lower(email)) where email is not null;
create index drivers_name_idx on drivers (lower(name));

alter table id_tokens
  add column driver_id text references drivers (id) on delete set null,
  add column max_concurrent_sessions integer check (max_concurrent_sessions is null or max_concurrent_sessions > 0),
  add column monthly_energy_kwh double precision check (monthly_energy_kwh is null or monthly_energy_kwh > 0),
  add column monthly_sessions integer check (monthly_sessions is null or monthly_sessions > 0);
create index id_tokens_driver_idx on id_tokens (driver_id) where driver_id is not null;
create index id_tokens_group_idx on id_tokens (upper(group_id)) where group_id is not null;

create index sessions_id_token_idx on sessions (upper(id_token), started_at) where id_token is not null;
`;
