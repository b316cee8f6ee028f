import type { DomainEvent } from '../../bus/bus.js';
import { AppError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import { certificateFacts, normalizeSerial, parseCertificates } from './certificate-facts.js';
import type { CertificateServiceDeps, HeldCertificate, InstalledCertificateView, KnownCertificateView, CertificateRequestView, SignedCertificateType } from './certificates.js';
import {
  answerKnown, deleteInstalled, findInstalled, finishRequest, hasValidClientCertificate, insertKnown, insertRequest, listHeld, listInstalled, listKnown,
  listRequests, removeKnownBySerial, replaceInventory, stationExists,
} from './certificates-repository.js';
import { checkCsr } from './csr.js';

/** A station's certificates as the API shows them. */
export interface StationCertificates {
  installed: InstalledCertificateView[];
  known: KnownCertificateView[];
  requests: CertificateRequestView[];
}

const LIST_LIMIT = 50;

/** The `certificate.held` event: every certificate with a known expiry the station holds now (expiry tracking reads it). */
export function certificateHeldEvent(at: Date, stationId: string, certificates: HeldCertificate[], extra: Record<string, unknown> = {}): DomainEvent {
  return { type: 'certificate.held', at: at.toISOString(), stationId, data: { ...extra, certificates } };
}

/**
 * Station certificates: checks and signs the CSRs stations send (SignCertificate) with the private CA and
 * delivers the chain (CertificateSigned) once the station has its answer, keeps the installed-certificate
 * inventory (GetInstalledCertificateIds, InstallCertificate, DeleteCertificate), and announces the
 * certificates each station holds with their expiry as `certificate.held` events (for expiry tracking).
 */
export class CertificateService {
  private readonly deliveries = new Set<Promise<void>>();

  constructor(private readonly deps: CertificateServiceDeps) {}

  /** Announces every station's held certificates on the bus (no outbox row), so expiry tracking starts with them. */
  async start(): Promise<void> {
    const byStation = new Map<string, HeldCertificate[]>();
    for (const { stationId, ...held } of await listHeld(this.deps.db)) byStation.set(stationId, [...(byStation.get(stationId) ?? []), held]);
    for (const [stationId, certificates] of byStation) this.deps.bus.publish(this.heldEvent(stationId, certificates));
  }

  /** Waits for the CertificateSigned deliveries under way (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.all([...this.deliveries]);
  }

  /**
   * A station's SignCertificate: Accepted when the CSR is sound and the CA signed it (the chain is sent with
   * CertificateSigned right after this answer), Rejected otherwise. Either way the request is recorded.
   */
  async signRequest(stationId: string, input: { csr: string; type: SignedCertificateType }): Promise<'Accepted' | 'Rejected'> {
    const at = this.deps.clock.now();
    const checked = await checkCsr(input.csr, stationId, input.type);
    let signed: { certificatePem: string; chainPem: string } | undefined;
    let reason: string | null = checked.ok ? null : checked.reason;
    if (checked.ok) {
      signed = await this.deps.signer.sign({ publicKey: checked.publicKey, commonName: checked.commonName, notBefore: at }).catch((error: Error) => {
        this.deps.logger.error({ stationId, err: error.message }, 'signing a station certificate failed');
        return undefined;
      });
      if (!signed) reason = 'no certificate authority to sign with';
    }
    const subject = checked.subject ?? null;
    const stored = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const requestId = await insertRequest(trx, { stationId, type: input.type, csr: input.csr, subject, status: signed ? 'accepted' : 'rejected', reason, at });
      const event = this.event('certificate.requested', stationId, { requestId, certificateType: input.type, subject, accepted: signed !== undefined, reason });
      if (!signed) return { result: undefined, events: [event] };
      const facts = certificateFacts(parseCertificates(signed.certificatePem)[0]!);
      const certificateId = await insertKnown(trx, { stationId, source: 'issued', type: input.type, requestId, facts, pem: signed.certificatePem, at });
      await finishRequest(trx, requestId, { status: 'signed', reason: null, at });
      return { result: { requestId, certificateId, chainPem: signed.chainPem }, events: [event] };
    });
    if (!stored) return 'Rejected';
    // CertificateSigned goes once the SignCertificate answer is on the wire: the handler returns first.
    const delivery = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(stationId, stored.certificateId, stored.chainPem, input.type))
      .catch((error: Error) => this.deps.logger.error({ stationId, err: error.message }, 'certificate delivery failed'))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
    return 'Accepted';
  }

  /** Asks the station for its installed certificates and stores the answer as its inventory. */
  async refresh(stationId: string): Promise<StationCertificates> {
    await this.mustExist(stationId);
    const answer = await this.deps.commands.getInstalledCertificateIds(stationId);
    const at = this.deps.clock.now();
    // NotFound is a valid answer: the station has none of the asked types.
    const entries = answer.status === 'Accepted' ? answer.certificates.map((c) => ({ ...c, serialNumber: normalizeSerial(c.serialNumber) })) : [];
    if (answer.status !== 'Accepted' && answer.status !== 'NotFound') throw new AppError('station_refused', `station answered GetInstalledCertificateIds with ${answer.status}`, 502, { stationId });
    await this.changeHeld(stationId, async (trx) => {
      const gone = await replaceInventory(trx, stationId, entries, at);
      await removeKnownBySerial(trx, stationId, gone);
    });
    return this.view(stationId);
  }

  /** Installs a root certificate on the station (InstallCertificate) and records it with the station's answer. */
  async install(stationId: string, certificateType: string, pem: string): Promise<{ status: string }> {
    await this.mustExist(stationId);
    let facts;
    try {
      facts = certificateFacts(parseCertificates(pem)[0]!);
    } catch (error) {
      throw new ValidationError(`not a PEM certificate: ${(error as Error).message}`);
    }
    const id = await insertKnown(this.deps.db, { stationId, source: 'installed', type: certificateType, requestId: null, facts, pem: pem.trim(), at: this.deps.clock.now() });
    let status: string;
    try {
      status = await this.deps.commands.installCertificate(stationId, certificateType, pem.trim());
    } catch (error) {
      await answerKnown(this.deps.db, id, { status: 'failed', answer: (error as Error).message, at: this.deps.clock.now() });
      throw error;
    }
    await this.changeHeld(stationId, (trx) => answerKnown(trx, id, { status: status === 'Accepted' ? 'accepted' : 'rejected', answer: status, at: this.deps.clock.now() }));
    return { status };
  }

  /** Deletes an inventory entry on the station (DeleteCertificate); the entry goes when the station accepts. */
  async delete(stationId: string, installedId: string): Promise<{ status: string }> {
    if (!/^\d{1,19}$/.test(installedId)) throw new NotFoundError('certificate', installedId);
    const entry = await findInstalled(this.deps.db, stationId, installedId);
    if (!entry) throw new NotFoundError('certificate', installedId);
    const { certificateType: _type, ...hash } = entry;
    const status = await this.deps.commands.deleteCertificate(stationId, hash);
    if (status === 'Accepted') {
      await this.changeHeld(stationId, async (trx) => {
        await deleteInstalled(trx, stationId, installedId);
        await removeKnownBySerial(trx, stationId, [entry.serialNumber]);
      });
    }
    return { status };
  }

  /** The station's inventory, the certificates we know for it and its recent CSRs. */
  async view(stationId: string): Promise<StationCertificates> {
    await this.mustExist(stationId);
    const [installed, known, requests] = await Promise.all([listInstalled(this.deps.db, stationId), listKnown(this.deps.db, stationId, LIST_LIMIT), listRequests(this.deps.db, stationId, LIST_LIMIT)]);
    return { installed, known, requests };
  }

  /** Whether the station holds a valid client certificate from our CA (security profile 3 needs one). */
  async hasClientCertificate(stationId: string): Promise<boolean> {
    return hasValidClientCertificate(this.deps.db, stationId, this.deps.clock.now());
  }

  private async deliver(stationId: string, certificateId: string, chainPem: string, type: SignedCertificateType): Promise<void> {
    let answer: string;
    let status: 'accepted' | 'rejected' | 'failed';
    try {
      answer = await this.deps.commands.certificateSigned(stationId, chainPem, type);
      status = answer === 'Accepted' ? 'accepted' : 'rejected';
    } catch (error) {
      answer = error instanceof AppError ? `${error.code}: ${error.message}` : (error as Error).message;
      status = 'failed';
    }
    await this.changeHeld(stationId, (trx) => answerKnown(trx, certificateId, { status, answer, at: this.deps.clock.now() }), { certificateId, answer });
  }

  /** Runs a change of what the station holds and commits it with the station's `certificate.held` event. */
  private async changeHeld(stationId: string, work: (trx: CertificateServiceDeps['db']) => Promise<void>, extra: Record<string, unknown> = {}): Promise<void> {
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      await work(trx);
      const held = (await listHeld(trx, stationId)).map(({ stationId: _s, ...h }) => h);
      return { result: undefined, events: [this.heldEvent(stationId, held, extra)] };
    });
  }

  private heldEvent(stationId: string, certificates: HeldCertificate[], extra: Record<string, unknown> = {}): DomainEvent {
    return certificateHeldEvent(this.deps.clock.now(), stationId, certificates, extra);
  }

  private event(type: string, stationId: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), stationId, data };
  }

  private async mustExist(stationId: string): Promise<void> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
  }
}
