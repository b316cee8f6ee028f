import type { CommandResult } from './fleet-types.js';

// Local authorization lists, access rules, driver remote start, and station security.

// Local authorization lists (issue 6).
/** Where a station's local list stands: in step, waiting for an update, failed (retried), or not usable. */
export type LocalListState = 'in_sync' | 'pending' | 'failed' | 'not_supported' | 'disabled';
/** GET /api/stations/:id/local-list: our list version vs the station's, state, entries held, last sync and error. */
export interface LocalListView {
  stationId: string; state: LocalListState; ourVersion: number; stationVersion: number | null; entries: number;
  /** Allowed tokens left out because the station holds fewer. */
  dropped: number; maxEntries: number | null; perMessage: number | null; error: string | null; failures: number; fullNeeded: boolean;
  nextAttemptAt: string | null; lastAttemptAt: string | null; lastSyncAt: string | null; lastCheckAt: string | null;
}
/** POST /api/stations/:id/local-list/sync body. */
export interface LocalListSyncRequest { full?: boolean }
/** The answer to a sync: the station's last answer (or UpToDate / Disabled), how many SendLocalList messages went. */
export interface LocalListSyncResult {
  status: 'Accepted' | 'Failed' | 'VersionMismatch' | 'NotSupported' | 'Disabled' | 'UpToDate'; messages: number; full: boolean; view: LocalListView;
}
/** POST /api/stations/:id/local-list/check: the station's GetLocalListVersion answer next to ours. */
export interface LocalListCheckResult { stationVersion: number | null; ourVersion: number; inSync: boolean; view: LocalListView }

// ---- access rules and driver remote start ---------------------------------------------------
/** How a site or station is open to tokens: everyone, only listed, or everyone within weekly hours. */
export type AccessMode = 'public' | 'private' | 'schedule';
/**
 * PUT /api/sites/:id/access, PUT /api/stations/:id/access. `private`: only tokens of the listed groups
 * (parent id tags), drivers or tokens. `schedule`: everyone within the weekly local-time ranges of the site's
 * time zone; outside them the listed (`outside: 'listed'`) or nobody. `inherit` drops the place's own rule
 * (a station then follows its site, a site is public).
 */
export interface AccessRuleRequest {
  mode: AccessMode | 'inherit';
  groupIds?: string[]; driverIds?: string[]; tokens?: string[];
  schedule?: Record<string, Array<[string, string]>>;
  outside?: 'listed' | 'nobody';
}
/** The rule in force at a site or station and where it comes from (`default`: no rule, public). */
export interface AccessRuleView {
  mode: AccessMode; groupIds: string[]; driverIds: string[]; tokens: string[];
  schedule: Record<string, Array<[string, string]>>; outside: 'listed' | 'nobody';
  source: 'station' | 'site' | 'default'; updatedAt: string | null; updatedBy: string | null;
}
/** POST /api/me/remote-start (drivers): start charging with one of the caller's own tokens; answers CommandResult. */
export interface DriverRemoteStartRequest { stationId: string; evseId?: number; connectorId?: number; tokenId: string }

/** A station's CSR (SignCertificate) and what we did with it. */
export interface CertificateRequestView {
  id: string;
  certificateType: string;
  subject: string | null;
  status: 'rejected' | 'accepted' | 'signed' | 'failed';
  reason: string | null;
  requestedAt: string;
  signedAt: string | null;
}
/** A certificate whose content we know for a station (signed by our CA, or sent with InstallCertificate) and the station's answer. */
export interface KnownCertificateView {
  id: string;
  source: 'issued' | 'installed';
  certificateType: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  status: 'sent' | 'accepted' | 'rejected' | 'failed' | 'replaced' | 'removed';
  stationAnswer: string | null;
  createdAt: string;
}
/** A certificate the station reported installed (GetInstalledCertificateIds), with its expiry when we know the certificate. */
export interface InstalledCertificateView {
  id: string;
  certificateType: string;
  hashAlgorithm: 'SHA256' | 'SHA384' | 'SHA512';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
  reportedAt: string;
  expiresAt: string | null;
  subject: string | null;
}
/** GET /api/stations/:id/certificates: inventory, known certificates with expiry, recent CSRs. */
export interface StationCertificatesView {
  installed: InstalledCertificateView[];
  known: KnownCertificateView[];
  requests: CertificateRequestView[];
  /** Certificates expiring within this many days raise the `certificate_expiring` incident. */
  expiringWithinDays: number;
}
/** POST /api/stations/:id/certificates: install a root certificate (PEM) on the station. */
export interface CertificateInstallRequest { certificateType: 'CSMSRootCertificate' | 'ManufacturerRootCertificate' | 'V2GRootCertificate' | 'MORootCertificate'; certificate: string }
/** POST /api/stations/:id/security-profile: move the station to another security profile. */
export interface SecurityProfileRequest { profile: 1 | 2 | 3; password?: string; url?: string }
/** One step of a profile move with the station's answer. */
export interface ProfileMoveStep { step: string; request: string; ok: boolean; answer: string | null; detail?: string }
/** The steps of a profile move, in order; on failure the failed step is the last one. */
export interface ProfileMoveResult { ok: boolean; profile: 1 | 2 | 3; steps: ProfileMoveStep[] }
