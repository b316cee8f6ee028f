/**
 * Meter samples are stored as meter values: one `meter_values` row per meter value a station sent (the
 * readings of one message taken at one time), its numbers in one array, and what each number is
 * (measurand, phase, location, context, unit, multiplier) in a `meter_layouts` row the value names by id.
 * A station sends the same layout in every message, so a 7-reading message is one row instead of seven,
 * without the measurand and unit texts repeated in each: about a fifth of the insert work and of the disk.
 *
 * `meter_samples` becomes a view with the columns it always had (one row per reading), so every reader
 * (charts, billing, reports, progress replay) and any SQL an operator wrote keeps working. Writes go to
 * the tables. The samples already stored are converted here, day partition by day partition.
 *
 * A layout's id is the first 8 bytes of the SHA-256 of its key (see `layoutKey` in
 * src/core/sessions/meter-layouts.ts), built here the same way.
 */
export const name = 'meter-values';

export const up = /* sql */ `
create table meter_layouts (
  id bigint primary key,
  measurands text[] not null,
  phases text[] not null,
  locations text[] not null,
  contexts text[] not null,
  units text[] not null,
  multipliers integer[] not null,
  check (cardinality(phases) = cardinality(measurands) and cardinality(locations) = cardinality(measurands)
    and cardinality(contexts) = cardinality(measurands) and cardinality(units) = cardinality(measurands)
    and cardinality(multipliers) = cardinality(measurands))
);

create table meter_values (
  recorded_at timestamptz not null,
  at timestamptz not null,
  station_id text not null,
  evse_id integer not null,
  connector_id integer not null,
  session_id integer,
  seq_no integer,
  layout_id bigint not null,
  vals double precision[] not null,
  raws text[],
  signed jsonb
) partition by range (recorded_at);
create index meter_values_session_idx on meter_values (session_id, at) where session_id is not null;
create index meter_values_brin on meter_values using brin (recorded_at);

-- The same day partitions as the samples have.
do $$
declare p record;
begin
  for p in
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class t on t.oid = i.inhparent
    where t.relname = 'meter_samples'
  loop
    execute format('create table %I partition of meter_values %s', 'meter_values_' || substr(p.name, length('meter_samples_') + 1), p.bound);
  end loop;
end $$;

-- Each stored meter value: the samples of one message (same receive time, station, EVSE, session, seqNo)
-- taken at one time, in a fixed order.
create temporary table converted_values on commit drop as
with numbered as (
  select s.*, row_number() over (
    partition by recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no
    order by measurand, phase nulls first, location nulls first, context nulls first, unit nulls first, multiplier nulls first, value, raw
  ) as n
  from meter_samples s
),
grouped as (
  select recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no,
    array_agg(measurand order by n) as measurands, array_agg(phase order by n) as phases,
    array_agg(location order by n) as locations, array_agg(context order by n) as contexts,
    array_agg(unit order by n) as units, array_agg(multiplier order by n) as multipliers,
    array_agg(value order by n) as vals,
    case when count(raw) > 0 then array_agg(raw order by n) end as raws,
    case when count(signed) > 0 then jsonb_agg(signed order by n) end as signed,
    string_agg(concat_ws(E'\\x1f',
      coalesce(length(measurand) || ':' || measurand, '-'), coalesce(length(phase) || ':' || phase, '-'),
      coalesce(length(location) || ':' || location, '-'), coalesce(length(context) || ':' || context, '-'),
      coalesce(length(unit) || ':' || unit, '-'), coalesce(length(multiplier::text) || ':' || multiplier::text, '-')
    ), E'\\x1e' order by n) as layout_key
  from numbered
  group by recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no
)
select g.*, ('x' || encode(substr(sha256(convert_to(g.layout_key, 'UTF8')), 1, 8), 'hex'))::bit(64)::bigint as layout_id
from grouped g;

insert into meter_layouts (id, measurands, phases, locations, contexts, units, multipliers)
select distinct on (layout_id) layout_id, measurands, phases, locations, contexts, units, multipliers from converted_values
on conflict (id) do nothing;

insert into meter_values (recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no, layout_id, vals, raws, signed)
select recorded_at, at, station_id, evse_id, connector_id, session_id, seq_no, layout_id, vals, raws, signed from converted_values;

drop table meter_samples;

create view meter_samples as
select v.recorded_at, v.at, v.station_id, v.evse_id, v.connector_id, v.session_id,
  r.measurand, r.phase, r.location, r.context, r.unit, r.multiplier, r.value,
  v.raws[r.i] as raw, nullif(v.signed -> (r.i::integer - 1), 'null'::jsonb) as signed, v.seq_no
from meter_values v
join meter_layouts l on l.id = v.layout_id
cross join lateral unnest(l.measurands, l.phases, l.locations, l.contexts, l.units, l.multipliers, v.vals)
  with ordinality as r(measurand, phase, location, context, unit, multiplier, value, i);
`;
