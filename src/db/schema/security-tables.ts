import type { Generated } from 'kysely';
import type { Timestamp } from './columns.js';

// Local authorization lists and certificates (migrations 014, 016).

/** Per station: the local authorization list versions and sync state (migration 014). */
export interface LocalListStatesTable {
  station_id: string;
  our_version: Generated<number>;
  station_version: number | null;
  state: Generated<'in_sync' | 'pending' | 'failed' | 'not_supported' | 'disabled'>;
  error: string | null;
  full_needed: Generated<boolean>;
  dropped: Generated<number>;
  max_entries: number | null;
  per_message: number | null;
  failures: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_sync_at: Timestamp | null;
  last_check_at: Timestamp | null;
  updated_at: Timestamp;
}

/** The local list entries last sent to a station (migration 014). */
export interface LocalListEntriesTable {
  station_id: string;
  id_token: string;
  token_type: string;
  status: string;
  expires_at: Timestamp | null;
  group_id: string | null;
}

/** A CSR a station sent with SignCertificate, and what we did with it (migration 016). */
export interface CertificateRequestsTable {
  id: Generated<string>;
  station_id: string;
  certificate_type: string;
  csr: string;
  subject: string | null;
  status: 'rejected' | 'accepted' | 'signed' | 'failed';
  reason: string | null;
  requested_at: Timestamp;
  signed_at: Timestamp | null;
}

/** A certificate whose content we know for a station: issued by our CA or pushed by InstallCertificate (migration 016). */
export interface StationCertificatesTable {
  id: Generated<string>;
  station_id: string;
  source: 'issued' | 'installed';
  certificate_type: string;
  request_id: string | null;
  serial: string;
  subject: string;
  issuer: string;
  not_before: Timestamp;
  not_after: Timestamp;
  fingerprint: string;
  pem: string;
  status: 'sent' | 'accepted' | 'rejected' | 'failed' | 'replaced' | 'removed';
  station_answer: string | null;
  created_at: Timestamp;
  answered_at: Timestamp | null;
}

/** One certificate a station reported installed (GetInstalledCertificateIds, migration 016). */
export interface InstalledCertificatesTable {
  id: Generated<string>;
  station_id: string;
  certificate_type: string;
  hash_algorithm: string;
  issuer_name_hash: string;
  issuer_key_hash: string;
  serial_number: string;
  reported_at: Timestamp;
}
