/**
 * Station certificates: the CSRs stations sent (SignCertificate) with our verdict, the certificates we know
 * the content of per station (signed by our CA, or pushed with InstallCertificate) with the station's
 * answer, and the installed-certificate inventory as the station last reported it (GetInstalledCertificateIds).
 */
export const name = 'certificates';

export const up = /* sql */ `
create table certificate_requests (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  certificate_type text not null,
  csr text not null,
  subject text,
  status text not null check (status in ('rejected', 'accepted', 'signed', 'failed')),
  reason text,
  requested_at timestamptz not null,
  signed_at timestamptz
);
create index certificate_requests_station_idx on certificate_requests (station_id, id desc);

-- status: sent (waiting for the station), accepted (the station holds it), rejected, failed (no answer),
-- replaced (a newer certificate of the same type was accepted), removed (deleted or no longer reported).
create table station_certificates (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  source text not null check (source in ('issued', 'installed')),
  certificate_type text not null,
  request_id bigint references certificate_requests (id) on delete set null,
  serial text not null,
  subject text not null,
  issuer text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  fingerprint text not null,
  pem text not null,
  status text not null check (status in ('sent', 'accepted', 'rejected', 'failed', 'replaced', 'removed')),
  station_answer text,
  created_at timestamptz not null,
  answered_at timestamptz
);
create index station_certificates_station_idx on station_certificates (station_id, id desc);
create index station_certificates_held_idx on station_certificates (not_after) where status = 'accepted';

create table installed_certificates (
  id bigserial primary key,
  station_id text not null references stations (id) on delete cascade,
  certificate_type text not null,
  hash_algorithm text not null,
  issuer_name_hash text not null,
  issuer_key_hash text not null,
  serial_number text not null,
  reported_at timestamptz not null,
  unique (station_id, certificate_type, hash_algorithm, issuer_name_hash, issuer_key_hash, serial_number)
);
`;
