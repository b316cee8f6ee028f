/** Notifications: in-app notifications per user, users' subscriptions, e-mail digests, webhook endpoints and their deliveries. */
export const name = 'notifications';

export const up = /* sql */ `
-- In-app notifications: one row per user and incident change, read by the bell and the list.
create table notifications (
  id bigserial primary key,
  user_id text not null references users (id) on delete cascade,
  incident_id bigint not null,
  change text not null check (change in ('opened', 'escalated', 'resolved')),
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title text not null,
  station_id text,
  site_id text,
  created_at timestamptz not null,
  read_at timestamptz
);
create index notifications_user_idx on notifications (user_id, id desc);
create index notifications_unread_idx on notifications (user_id, id) where read_at is null;

-- A user's subscriptions (null row = the defaults) and the address their e-mails go to.
create table notification_settings (
  user_id text primary key references users (id) on delete cascade,
  email text,
  subscriptions jsonb not null,
  updated_at timestamptz not null
);

-- Non-critical incident changes waiting for a user's hourly digest e-mail.
create table email_digest_items (
  id bigserial primary key,
  user_id text not null references users (id) on delete cascade,
  incident_id bigint not null,
  change text not null,
  severity text not null,
  title text not null,
  station_id text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create index email_digest_pending_idx on email_digest_items (created_at) where sent_at is null;

create table webhooks (
  id bigserial primary key,
  name text not null,
  url text not null,
  secret text not null,
  min_severity text not null default 'info' check (min_severity in ('info', 'warning', 'critical')),
  site_ids text[],
  rule_keys text[],
  enabled boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- One message to one endpoint; retried with back-off until delivered or out of attempts. A sender claims
-- a due row by moving next_attempt_at past the attempt's timeout, so a crash mid-send retries it later.
create table webhook_deliveries (
  id bigserial primary key,
  webhook_id bigint not null references webhooks (id) on delete cascade,
  event text not null,
  incident_id bigint,
  body text not null,
  state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null,
  next_attempt_at timestamptz not null,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'pending';
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id desc);

-- Every attempt, for the delivery log.
create table webhook_attempts (
  id bigserial primary key,
  delivery_id bigint not null references webhook_deliveries (id) on delete cascade,
  webhook_id bigint not null references webhooks (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null,
  status_code integer,
  error text,
  latency_ms integer not null
);
create index webhook_attempts_webhook_idx on webhook_attempts (webhook_id, id desc);
`;
