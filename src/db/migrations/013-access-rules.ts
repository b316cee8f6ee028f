/**
 * Who may charge where: one access rule per site or per station (a station's rule replaces its site's).
 * `public` lets every valid token charge; `private` only tokens of the listed groups, drivers or tokens;
 * `schedule` lets everyone charge within the weekly local-time ranges and, outside them, only the listed
 * (outside = 'listed') or nobody (outside = 'nobody').
 */
export const name = 'access-rules';

export const up = /* sql */ `
create table access_rules (
  id bigint generated always as identity primary key,
  site_id uuid references sites (id) on delete cascade,
  station_id text references stations (id) on delete cascade,
  mode text not null check (mode in ('public', 'private', 'schedule')),
  group_ids text[] not null default '{}',
  driver_ids text[] not null default '{}',
  tokens text[] not null default '{}',
  schedule jsonb not null default '{}',
  outside text not null default 'nobody' check (outside in ('listed', 'nobody')),
  updated_at timestamptz not null,
  updated_by text,
  check ((site_id is null) <> (station_id is null))
);
create unique index access_rules_site on access_rules (site_id) where site_id is not null;
create unique index access_rules_station on access_rules (station_id) where station_id is not null;
`;
