/** Maintenance tickets with their notes, and the remediation ladder's steps per incident (so a restart neither repeats nor skips one). */
export const name = 'maintenance';

export const up = /* sql */ `
create table tickets (
  id bigserial primary key,
  incident_id bigint references incidents (id) on delete set null,
  station_id text not null references stations (id) on delete cascade,
  connector_id integer,
  title text not null,
  description text not null default '',
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  status text not null default 'open' check (status in ('open', 'in_progress', 'resolved', 'closed', 'cancelled')),
  assignee_id text references users (id) on delete set null,
  created_by text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz
);
-- Lists read by status (open queue), by assignee (a technician's queue) and by station, in priority order.
create index tickets_status_idx on tickets (status, id desc);
create index tickets_assignee_idx on tickets (assignee_id, id desc) where assignee_id is not null;
create index tickets_station_idx on tickets (station_id, id desc);
create index tickets_incident_idx on tickets (incident_id) where incident_id is not null;

create table ticket_notes (
  id bigserial primary key,
  ticket_id bigint not null references tickets (id) on delete cascade,
  author_id text not null,
  author_name text not null,
  text text not null,
  created_at timestamptz not null
);
create index ticket_notes_ticket_idx on ticket_notes (ticket_id, id);

-- An incident's ladder while it runs: when it opened and whether it still runs (stopped on resolve or acknowledge).
create table remediation_runs (
  incident_id bigint primary key references incidents (id) on delete cascade,
  rule_key text not null,
  station_id text not null,
  evse_id integer,
  connector_id integer,
  site_id uuid,
  opened_at timestamptz not null,
  state text not null default 'running' check (state in ('running', 'stopped', 'finished')),
  stop_reason text,
  updated_at timestamptz not null
);
create index remediation_runs_running_idx on remediation_runs (incident_id) where state = 'running';

-- Every step taken or refused, automatic (step_index set: at most one row per ladder step) or by hand.
create table remediation_steps (
  id bigserial primary key,
  incident_id bigint not null references incidents (id) on delete cascade,
  step_index integer,
  action text not null,
  station_id text not null,
  outcome text not null check (outcome in ('running', 'done', 'skipped', 'failed')),
  answer text,
  guard text,
  actor text not null,
  forced boolean not null default false,
  at timestamptz not null
);
create unique index remediation_steps_once_idx on remediation_steps (incident_id, step_index) where step_index is not null;
-- The daily reset limit counts a station's resets of the last day.
create index remediation_steps_station_idx on remediation_steps (station_id, at) where action in ('soft_reset', 'hard_reset');
`;
