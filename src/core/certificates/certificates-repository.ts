import type { Kysely, Selectable } from 'kysely';
import type { Database, StationCertificatesTable } from '../../db/schema.js';
import type { CertificateFacts, CertificateHashData, CertificateRequestView, HeldCertificate, InstalledCertificateView, KnownCertificateView } from './certificates.js';

type Db = Kysely<Database>;

/** Records a CSR and our verdict; returns its id. */
export async function insertRequest(db: Db, v: { stationId: string; type: string; csr: string; subject: string | null; status: 'rejected' | 'accepted'; reason: string | null; at: Date }): Promise<string> {
  const row = await db.insertInto('certificate_requests')
    .values({ station_id: v.stationId, certificate_type: v.type, csr: v.csr, subject: v.subject, status: v.status, reason: v.reason, requested_at: v.at })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Marks a CSR signed or failed. */
export async function finishRequest(db: Db, id: string, v: { status: 'signed' | 'failed'; reason: string | null; at: Date | null }): Promise<void> {
  await db.updateTable('certificate_requests').set({ status: v.status, reason: v.reason, signed_at: v.at }).where('id', '=', id).execute();
}

/** Records a certificate sent to a station (status `sent` until it answers); returns its id. */
export async function insertKnown(db: Db, v: { stationId: string; source: 'issued' | 'installed'; type: string; requestId: string | null; facts: CertificateFacts; pem: string; at: Date }): Promise<string> {
  const f = v.facts;
  const row = await db.insertInto('station_certificates').values({
    station_id: v.stationId, source: v.source, certificate_type: v.type, request_id: v.requestId, serial: f.serial, subject: f.subject, issuer: f.issuer,
    not_before: f.notBefore, not_after: f.notAfter, fingerprint: f.fingerprint, pem: v.pem, status: 'sent', created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Stores the station's answer to a certificate we sent. An accepted one replaces the older accepted
 * certificates of the same type from the same source (a station holds one client certificate).
 */
export async function answerKnown(db: Db, id: string, v: { status: 'accepted' | 'rejected' | 'failed'; answer: string; at: Date }): Promise<void> {
  const row = await db.updateTable('station_certificates').set({ status: v.status, station_answer: v.answer, answered_at: v.at }).where('id', '=', id)
    .returning(['station_id', 'certificate_type', 'source']).executeTakeFirst();
  if (!row || v.status !== 'accepted' || row.source !== 'issued') return;
  await db.updateTable('station_certificates').set({ status: 'replaced' })
    .where('station_id', '=', row.station_id).where('certificate_type', '=', row.certificate_type).where('source', '=', 'issued')
    .where('status', '=', 'accepted').where('id', '<>', id).execute();
}

/** Marks the accepted certificates of a station with one of these serials removed. */
export async function removeKnownBySerial(db: Db, stationId: string, serials: readonly string[]): Promise<void> {
  if (serials.length === 0) return;
  await db.updateTable('station_certificates').set({ status: 'removed' })
    .where('station_id', '=', stationId).where('status', '=', 'accepted').where('serial', 'in', [...serials]).execute();
}

/** Replaces the station's reported inventory; returns the serials that were reported before and are gone now. */
export async function replaceInventory(db: Db, stationId: string, entries: ReadonlyArray<CertificateHashData & { certificateType: string }>, at: Date): Promise<string[]> {
  const before = await db.deleteFrom('installed_certificates').where('station_id', '=', stationId).returning('serial_number').execute();
  if (entries.length > 0) {
    await db.insertInto('installed_certificates').values(entries.map((e) => ({
      station_id: stationId, certificate_type: e.certificateType, hash_algorithm: e.hashAlgorithm, issuer_name_hash: e.issuerNameHash,
      issuer_key_hash: e.issuerKeyHash, serial_number: e.serialNumber, reported_at: at,
    }))).onConflict((oc) => oc.doNothing()).execute();
  }
  const now = new Set(entries.map((e) => e.serialNumber));
  return before.map((r) => r.serial_number).filter((s) => !now.has(s));
}

/** One reported inventory entry. */
export async function findInstalled(db: Db, stationId: string, id: string): Promise<(CertificateHashData & { certificateType: string }) | undefined> {
  const row = await db.selectFrom('installed_certificates').selectAll().where('station_id', '=', stationId).where('id', '=', id).executeTakeFirst();
  return row && { certificateType: row.certificate_type, hashAlgorithm: row.hash_algorithm as CertificateHashData['hashAlgorithm'], issuerNameHash: row.issuer_name_hash, issuerKeyHash: row.issuer_key_hash, serialNumber: row.serial_number };
}

/** Deletes one reported inventory entry (after the station deleted the certificate). */
export async function deleteInstalled(db: Db, stationId: string, id: string): Promise<void> {
  await db.deleteFrom('installed_certificates').where('station_id', '=', stationId).where('id', '=', id).execute();
}

const knownView = (r: Selectable<StationCertificatesTable>): KnownCertificateView => ({
  id: r.id, source: r.source, certificateType: r.certificate_type, serial: r.serial, subject: r.subject, issuer: r.issuer,
  notBefore: r.not_before.toISOString(), notAfter: r.not_after.toISOString(), fingerprint: r.fingerprint, status: r.status,
  stationAnswer: r.station_answer, createdAt: r.created_at.toISOString(),
});

/** The station's certificates we know, newest first (at most `limit`). */
export async function listKnown(db: Db, stationId: string, limit: number): Promise<KnownCertificateView[]> {
  const rows = await db.selectFrom('station_certificates').selectAll().where('station_id', '=', stationId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map(knownView);
}

/** The station's reported inventory, each with the expiry and subject of a known certificate of that serial. */
export async function listInstalled(db: Db, stationId: string): Promise<InstalledCertificateView[]> {
  const rows = await db.selectFrom('installed_certificates as i')
    .leftJoin('station_certificates as k', (j) => j.onRef('k.station_id', '=', 'i.station_id').onRef('k.serial', '=', 'i.serial_number').on('k.status', '=', 'accepted'))
    .select(['i.id', 'i.certificate_type', 'i.hash_algorithm', 'i.issuer_name_hash', 'i.issuer_key_hash', 'i.serial_number', 'i.reported_at', 'k.not_after', 'k.subject'])
    .where('i.station_id', '=', stationId).orderBy('i.certificate_type').orderBy('i.id').execute();
  return rows.map((r) => ({
    id: r.id, certificateType: r.certificate_type, hashAlgorithm: r.hash_algorithm as CertificateHashData['hashAlgorithm'], issuerNameHash: r.issuer_name_hash,
    issuerKeyHash: r.issuer_key_hash, serialNumber: r.serial_number, reportedAt: r.reported_at.toISOString(),
    expiresAt: r.not_after ? r.not_after.toISOString() : null, subject: r.subject ?? null,
  }));
}

/** The station's recent CSR rounds, newest first. */
export async function listRequests(db: Db, stationId: string, limit: number): Promise<CertificateRequestView[]> {
  const rows = await db.selectFrom('certificate_requests').select(['id', 'certificate_type', 'subject', 'status', 'reason', 'requested_at', 'signed_at'])
    .where('station_id', '=', stationId).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, certificateType: r.certificate_type, subject: r.subject, status: r.status, reason: r.reason, requestedAt: r.requested_at.toISOString(), signedAt: r.signed_at?.toISOString() ?? null }));
}

/** Certificates stations hold with a known expiry: all stations, or one. */
export async function listHeld(db: Db, stationId?: string): Promise<Array<HeldCertificate & { stationId: string }>> {
  let q = db.selectFrom('station_certificates').select(['id', 'station_id', 'certificate_type', 'serial', 'subject', 'not_after']).where('status', '=', 'accepted');
  if (stationId !== undefined) q = q.where('station_id', '=', stationId);
  const rows = await q.orderBy('station_id').orderBy('not_after').execute();
  return rows.map((r) => ({ id: r.id, stationId: r.station_id, certificateType: r.certificate_type, serial: r.serial, subject: r.subject, notAfter: r.not_after.toISOString() }));
}

/** Whether the station holds an accepted client certificate of ours valid at `at` (needed before profile 3). */
export async function hasValidClientCertificate(db: Db, stationId: string, at: Date): Promise<boolean> {
  const row = await db.selectFrom('station_certificates').select('id').where('station_id', '=', stationId).where('source', '=', 'issued')
    .where('certificate_type', '=', 'ChargingStationCertificate').where('status', '=', 'accepted').where('not_after', '>', at).where('not_before', '<=', at).executeTakeFirst();
  return row !== undefined;
}

/** Whether the station exists. */
export async function stationExists(db: Db, stationId: string): Promise<boolean> {
  return (await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst()) !== undefined;
}
