/** Operator accounts, their browser sessions, machine API tokens, failed-login records and the audit log. */
export const name = 'accounts';
export const up = /* sql */ `
create table users (
  id text primary key,
  username text not null,
  display_name text,
  role text not null check (role in ('admin', 'operator', 'technician', 'viewer', 'driver')),
  password_hash text not null,
  disabled boolean not null default false,
  must_change_password boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  last_login_at timestamptz,
  password_changed_at timestamptz
);
create unique index users_username_key on users (lower(username));

create table user_sessions (
  id text primary key,
  user_id text not null references users (id) on delete cascade,
  token_hash text not null unique,
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index user_sessions_user_idx on user_sessions (user_id);
create index user_sessions_expiry_idx on user_sessions (absolute_expires_at);

create table api_tokens (
  id text primary key,
  name text not null,
  role text not null check (role in ('admin', 'operator', 'technician', 'viewer', 'driver')),
  token_hash text not null unique,
  created_at timestamptz not null,
  created_by text references users (id) on delete set null,
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table login_failures (
  id bigserial primary key,
  at timestamptz not null,
  username text not null,
  ip text not null
);
create index login_failures_username_idx on login_failures (username, at desc);
create index login_failures_ip_idx on login_failures (ip, at desc);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor text,
  actor_name text,
  action text not null,
  target text,
  detail jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc);
create index audit_log_action_idx on audit_log (action, at desc);
`;
