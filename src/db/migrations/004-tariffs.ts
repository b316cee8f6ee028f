/** Tariffs (versioned: an edit adds a version), their assignment to sites, stations and token groups, and each session's tariff snapshot and cost. */
export const name = 'tariffs';

export const up = /* sql */ `
create table tariffs (
  id uuid primary key default gen_random_uuid(),
  current_version integer not null default 1,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A version is never changed once written: sessions keep the one they started with.
create table tariff_versions (
  tariff_id uuid not null references tariffs (id) on delete cascade,
  version integer not null,
  name text not null,
  currency char(3) not null,
  vat_percent numeric(6, 3) not null default 0,
  components jsonb not null,
  created_at timestamptz not null,
  primary key (tariff_id, version)
);

-- The most specific assignment wins: token_group > station > site > default (scope_id '' for default).
create table tariff_assignments (
  scope text not null check (scope in ('default', 'site', 'station', 'token_group')),
  scope_id text not null,
  tariff_id uuid not null references tariffs (id) on delete cascade,
  updated_at timestamptz not null default now(),
  primary key (scope, scope_id)
);
create index tariff_assignments_tariff_idx on tariff_assignments (tariff_id);

alter table sessions
  add column tariff_id uuid,
  add column tariff_version integer,
  add column tariff jsonb,
  add column tariff_at timestamptz,
  add column cost jsonb,
  add column cost_total numeric(14, 4),
  add column currency char(3);
`;
