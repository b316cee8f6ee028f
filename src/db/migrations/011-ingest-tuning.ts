/**
 * Cheaper ingest: meter samples are only ever read by session (charts, billing, reports, restart seeds),
 * so the per-station index cost a b-tree insert per sample for nothing. Sessions and stations are updated
 * on every batch (progress, last seen): free space on their pages lets PostgreSQL update them in place
 * (HOT) without touching their indexes. The fill factors apply to pages written from now on.
 */
export const name = 'ingest-tuning';

export const up = /* sql */ `
drop index if exists meter_samples_station_idx;
alter table sessions set (fillfactor = 70);
alter table stations set (fillfactor = 80);
`;
