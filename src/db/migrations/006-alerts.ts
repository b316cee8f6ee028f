/** Health monitoring: alert rule settings (network and per site), per-site remediation switch, incidents and their timelines. */
export const name = 'alerts';

export const up = /* sql */ `
-- A rule's network settings; the rule itself (name, meaning, defaults) is code. Seeded from the catalog at start.
create table alert_rules (
  key text primary key,
  enabled boolean not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  escalate_after_min integer check (escalate_after_min > 0),
  params jsonb not null default '{}'::jsonb,
  channels text[] not null default '{}',
  remediation jsonb not null default '{"enabled": false, "steps": []}'::jsonb,
  updated_at timestamptz not null,
  updated_by text
);

-- A site's overrides of a rule; null keeps the network setting, params are merged over the network's.
create table alert_rule_sites (
  rule_key text not null references alert_rules (key) on delete cascade,
  site_id uuid not null references sites (id) on delete cascade,
  enabled boolean,
  severity text check (severity in ('info', 'warning', 'critical')),
  params jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null,
  updated_by text,
  primary key (rule_key, site_id)
);
create index alert_rule_sites_site_idx on alert_rule_sites (site_id);

-- Sites where automatic remediation is switched off (or back on); a site without a row allows it.
create table alert_site_settings (
  site_id uuid primary key references sites (id) on delete cascade,
  remediation_enabled boolean not null,
  updated_at timestamptz not null,
  updated_by text
);

-- Station, site and session ids are kept without foreign keys: an incident outlives what it was about.
create table incidents (
  id bigserial primary key,
  rule_key text not null,
  category text not null,
  subject_type text not null check (subject_type in ('station', 'connector', 'session', 'site', 'token')),
  subject_key text not null,
  station_id text,
  evse_id integer,
  connector_id integer,
  session_id integer,
  site_id uuid,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  -- For sorting by severity (worst first) with an index.
  severity_rank smallint generated always as (case severity when 'critical' then 2 when 'warning' then 1 else 0 end) stored,
  state text not null check (state in ('open', 'acknowledged', 'resolved')),
  title text not null,
  details jsonb not null default '{}'::jsonb,
  occurrences integer not null default 1,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  acknowledged_at timestamptz,
  acknowledged_by text,
  resolved_at timestamptz,
  resolved_by text,
  resolution_note text,
  auto_resolved boolean not null default false,
  assignee_id text references users (id) on delete set null,
  -- The maintenance ticket made from this incident (the tickets table comes later, so no foreign key).
  ticket_id bigint,
  escalated_at timestamptz
);
-- One unresolved incident per rule and subject: a burst of detections can never open two.
create unique index incidents_open_key on incidents (rule_key, subject_key) where state <> 'resolved';
create index incidents_open_order_idx on incidents (severity_rank desc, first_seen_at, id) where state <> 'resolved';
create index incidents_order_idx on incidents (severity_rank desc, first_seen_at, id);
create index incidents_station_idx on incidents (station_id, last_seen_at desc) where station_id is not null;
create index incidents_assignee_idx on incidents (assignee_id) where assignee_id is not null and state <> 'resolved';
create index incidents_resolved_idx on incidents (resolved_at desc) where state = 'resolved';

create table incident_timeline (
  id bigserial primary key,
  incident_id bigint not null references incidents (id) on delete cascade,
  at timestamptz not null,
  kind text not null,
  actor text not null,
  message text not null,
  data jsonb not null default '{}'::jsonb
);
create index incident_timeline_incident_idx on incident_timeline (incident_id, id);
`;
