/**
 * Security: camera/NVR sources and their events, recorded failed station logins and refused authorizations
 * (for the security timeline), an `address` incident subject (stations knocking from one address), and an
 * append-only audit log with the caller's address and the result of each action.
 */
export const name = 'security';

export const up = /* sql */ `
create table security_sources (
  id text primary key,
  name text not null,
  secret text not null,
  disabled boolean not null default false,
  created_at timestamptz not null,
  created_by text
);
create unique index security_sources_name_idx on security_sources (lower(name));

create table security_cameras (
  source_id text not null references security_sources (id) on delete cascade,
  camera_id text not null,
  site_id uuid references sites (id) on delete set null,
  station_ids text[] not null default '{}',
  primary key (source_id, camera_id)
);

-- Events outlive their source's mapping: the site and stations are copied in when the event arrives.
create table camera_events (
  id bigserial primary key,
  source_id text not null,
  source_name text not null,
  camera_id text not null,
  event_type text not null,
  at timestamptz not null,
  received_at timestamptz not null,
  snapshot_url text,
  details jsonb not null default '{}',
  site_id uuid,
  station_ids text[] not null default '{}',
  signature text not null
);
-- A signed request seen once is never taken again (replays inside the accepted time window).
create unique index camera_events_signature_idx on camera_events (source_id, signature);
create index camera_events_at_idx on camera_events (at desc);
create index camera_events_site_idx on camera_events (site_id, at desc);
create index camera_events_stations_idx on camera_events using gin (station_ids);

create table station_login_failures (
  id bigserial primary key,
  station_id text not null,
  address text,
  reason text not null,
  at timestamptz not null
);
create index station_login_failures_idx on station_login_failures (station_id, at desc);

create table authorization_refusals (
  id bigserial primary key,
  station_id text not null,
  id_token text not null,
  status text not null,
  phase text not null,
  at timestamptz not null
);
create index authorization_refusals_idx on authorization_refusals (station_id, at desc);

create index station_notifications_kind_at_idx on station_notifications (kind, at desc);

alter table incidents drop constraint incidents_subject_type_check;
alter table incidents add constraint incidents_subject_type_check check (subject_type in ('station', 'connector', 'session', 'site', 'token', 'address'));

alter table audit_log add column ip text;
alter table audit_log add column result text not null default 'ok' check (result in ('ok', 'refused', 'error'));
create index audit_log_actor_idx on audit_log (actor_name, id desc);
create index audit_log_target_idx on audit_log (target, id desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only();
`;
