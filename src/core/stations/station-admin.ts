import type { DomainEvent } from '../../bus/bus.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { hashPassword } from '../shared/passwords.js';
import { withEvents } from '../shared/with-events.js';
import { decodeCursor, encodeCursor, pageLimit } from '../shared/pagination.js';
import { loadRecords, queryMessages, updateProfile, upsertV16Configuration, type MessageCursor } from './station-records-repository.js';
import { deleteStation, findStation, insertStation, listConnectors, listStations, updateAdmission, updatePasswordHash } from './stations-repository.js';
import type {
  Admission, LoggedMessage, MessageLogQuery, Station, StationDetail, StationFilter, StationPage, StationPatch, StationRecords, StationServiceDeps,
} from './stations.js';

/** OCPP 2.0.1 identifierString, the characters a station identity may use (at most 48). */
const STATION_ID = /^[A-Za-z0-9*\-_=:+|@.]{1,48}$/;

/** True when `id` is a station identity an operator may register. */
export const isStationId = (id: string): boolean => STATION_ID.test(id);
/** Basic-auth passwords of security profiles 1 and 2 are 16 to 40 characters (OCPP 2.0.1 A00, 1.6 Security Whitepaper). */
const PASSWORD_LENGTH = { min: 16, max: 40 };

function checkPassword(plain: string): void {
  if (plain.length < PASSWORD_LENGTH.min || plain.length > PASSWORD_LENGTH.max) {
    throw new ValidationError(`a station password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`);
  }
}

function isMessageCursor(v: unknown): v is MessageCursor {
  const c = v as MessageCursor;
  return typeof v === 'object' && v !== null && typeof c.at === 'string' && !Number.isNaN(Date.parse(c.at)) && Number.isInteger(c.skip) && c.skip >= 0;
}

/** Runs a write that references a site; a foreign-key failure means the site does not exist. */
async function unknownSiteAsInvalid<T>(siteId: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 23503: no such site; 22P02: not even a uuid.
    if ((code === '23503' || code === '22P02') && siteId !== undefined) throw new ValidationError(`site ${siteId} does not exist`, { siteId });
    throw error;
  }
}

/** The operator's actions on stations (list, approve, passwords, ...); the base of StationService. */
export class StationAdmin {
  constructor(protected readonly deps: StationServiceDeps) {}

  /** A page of stations, ordered by id. */
  async list(filter: StationFilter = {}): Promise<StationPage> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
    const { rows, total } = await listStations(this.deps.db, filter, limit, offset);
    return { items: rows, total };
  }

  /** One station with its connectors; NotFoundError if unknown. */
  async get(id: string): Promise<StationDetail> {
    const station = await findStation(this.deps.db, id);
    if (!station) throw new NotFoundError('station', id);
    return { ...station, connectors: await listConnectors(this.deps.db, id) };
  }

  /** Registers a station ahead of its first connection (accepted unless told otherwise). */
  async create(input: { id: string; name?: string; password?: string; admission?: Admission; siteId?: string }): Promise<Station> {
    if (!STATION_ID.test(input.id)) throw new ValidationError('a station id is 1 to 48 characters of A-Z a-z 0-9 * - _ = : + | @ .', { id: input.id });
    if (input.password !== undefined) checkPassword(input.password);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    const admission = input.admission ?? 'accepted';
    const station = await unknownSiteAsInvalid(input.siteId, () => withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const station = await insertStation(trx, { id: input.id, name: input.name ?? null, admission, passwordHash, siteId: input.siteId ?? null, at: this.deps.clock.now() });
      const data = { admission, source: 'operator', name: input.name ?? null, siteId: input.siteId ?? null };
      return { result: station, events: station ? [this.event('station.created', input.id, data)] : [] };
    }));
    if (!station) throw new ConflictError(`station ${input.id} already exists`, { id: input.id });
    return station;
  }

  /** Changes name, site, location, required security profile and/or password; absent fields stay as they are. */
  async update(id: string, patch: StationPatch): Promise<Station> {
    if (patch.password !== undefined && patch.password !== null) checkPassword(patch.password);
    if (patch.securityProfile !== undefined || patch.password === null) await this.checkProfileFits(id, patch);
    const set: Parameters<typeof updateProfile>[2] = {};
    const changed: Record<string, unknown> = {};
    if (patch.name !== undefined) changed.name = set.name = patch.name;
    if (patch.securityProfile !== undefined) changed.requiredSecurityProfile = set.required_security_profile = patch.securityProfile;
    if (patch.siteId !== undefined) changed.siteId = set.site_id = patch.siteId;
    const loc = patch.location;
    if (loc?.latitude !== undefined) set.latitude = loc.latitude;
    if (loc?.longitude !== undefined) set.longitude = loc.longitude;
    if (loc?.address !== undefined) set.address = loc.address;
    if (loc && Object.keys(loc).length > 0) changed.location = loc;
    let station: Station | undefined;
    if (Object.keys(set).length > 0) {
      station = await unknownSiteAsInvalid(patch.siteId ?? undefined, () => withEvents(this.deps.db, this.deps.bus, async (trx) => {
        const station = await updateProfile(trx, id, set, this.deps.clock.now());
        return { result: station, events: station ? [this.event('station.updated', id, changed)] : [] };
      }));
      if (!station) throw new NotFoundError('station', id);
    }
    if (patch.password !== undefined) station = await this.setPassword(id, patch.password);
    return station ?? (await this.get(id));
  }

  /** The station's recent boots and connections and its last known configuration. */
  async records(id: string, limit = 20): Promise<StationRecords> {
    return loadRecords(this.deps.db, id, limit);
  }

  /** Keeps the configuration a 1.6 station reported (GetConfiguration), so its detail page can show it. */
  async rememberConfiguration(id: string, entries: readonly { key: string; value: string | null; readonly: boolean }[]): Promise<void> {
    await upsertV16Configuration(this.deps.db, id, entries, this.deps.clock.now());
  }

  /** A page of the station's raw OCPP message log, newest first. */
  async messages(id: string, q: MessageLogQuery): Promise<{ items: LoggedMessage[]; nextCursor: string | null; total: number; totalIsEstimate: boolean }> {
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, isMessageCursor);
    const page = await queryMessages(this.deps.db, id, { action: q.action, direction: q.direction, from: q.from, to: q.to, after, limit: pageLimit(q.limit, 100) });
    return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null, total: page.total, totalIsEstimate: page.totalIsEstimate };
  }

  /** Lets a pending (or rejected/disabled) station in; its next BootNotification is Accepted. */
  approve(id: string): Promise<Station> {
    return this.setAdmission(id, 'accepted');
  }

  /** Refuses a station: its connections are refused with 403 and its boots answered Rejected. */
  reject(id: string): Promise<Station> {
    return this.setAdmission(id, 'rejected');
  }

  /** Takes a station out of service (refused like a rejected one), e.g. while decommissioned. */
  disable(id: string): Promise<Station> {
    return this.setAdmission(id, 'disabled');
  }

  /** Sets (security profile 1/2) or clears the station's Basic-auth password. */
  async setPassword(id: string, plain: string | null): Promise<Station> {
    if (plain !== null) checkPassword(plain);
    const hash = plain === null ? null : await hashPassword(plain);
    const station = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const station = await updatePasswordHash(trx, id, hash, this.deps.clock.now());
      return { result: station, events: station ? [this.event('station.credentials', id, { hasPassword: hash !== null })] : [] };
    });
    if (!station) throw new NotFoundError('station', id);
    this.admissionChanged(id, station.admission);
    return station;
  }

  /** Deletes a station that has no sessions (otherwise disable it: sessions are billing records). */
  async remove(id: string): Promise<void> {
    let removed: boolean;
    try {
      removed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
        const removed = await deleteStation(trx, id);
        return { result: removed, events: removed ? [this.event('station.removed', id, {})] : [] };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23503') throw new ConflictError(`station ${id} has sessions; disable it instead`, { id });
      throw error;
    }
    if (!removed) throw new NotFoundError('station', id);
    this.admissionChanged(id, undefined);
  }

  /** Profiles 1 and 2 authenticate with the password: refuses a change that would leave such a station without one. */
  private async checkProfileFits(id: string, patch: StationPatch): Promise<void> {
    const required = patch.securityProfile;
    if (required !== undefined && !(Number.isInteger(required) && required >= 0 && required <= 3)) {
      throw new ValidationError('a security profile is 0, 1, 2 or 3', { securityProfile: required });
    }
    const current = await findStation(this.deps.db, id);
    if (!current) throw new NotFoundError('station', id);
    const profile = required ?? current.requiredSecurityProfile;
    const hasPassword = patch.password !== undefined ? patch.password !== null : current.hasPassword;
    if ((profile === 1 || profile === 2) && !hasPassword) {
      throw new ValidationError(`security profile ${profile} authenticates with a password: the station needs one`, { securityProfile: profile });
    }
  }

  /** Called after an admission or credential change so the subclass can refresh its caches. */
  protected admissionChanged(_stationId: string, _admission: Admission | undefined): void {}

  /** A domain event stamped with the server clock. */
  protected event(type: string, stationId: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), stationId, data };
  }

  private async setAdmission(id: string, admission: Admission): Promise<Station> {
    const changed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const changed = await updateAdmission(trx, id, admission, this.deps.clock.now());
      const events = changed && changed.previous !== admission ? [this.event('station.admission', id, { admission, previous: changed.previous })] : [];
      return { result: changed, events };
    });
    if (!changed) throw new NotFoundError('station', id);
    this.admissionChanged(id, admission);
    return changed.station;
  }
}
