import type { DomainEvent } from '../../bus/bus.js';
import type { Updateable } from 'kysely';
import type { SitesTable } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import { deleteSite, findSite, insertSite, listSites, updateSite } from './sites-repository.js';
import type { OpeningHours, Site, SiteInput, SiteServiceDeps } from './sites.js';

const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ValidationError(`unknown time zone ${timezone}`, { timezone });
  }
}

function checkOpeningHours(hours: OpeningHours): void {
  for (const [day, ranges] of Object.entries(hours)) {
    if (!WEEKDAYS.has(day)) throw new ValidationError(`opening hours: ${day} is not one of mon, tue, wed, thu, fri, sat, sun`, { day });
    for (const [from, to] of ranges) {
      if (!TIME.test(from) || !TIME.test(to) || from >= to) throw new ValidationError(`opening hours: ${day} ${from}-${to} is not a range of HH:MM times`, { day, from, to });
    }
  }
}

/** Sites: the places stations stand at, with address, position, time zone and opening hours. */
export class SiteService {
  constructor(private readonly deps: SiteServiceDeps) {}

  /** Every site, by name. */
  list(): Promise<Site[]> {
    return listSites(this.deps.db);
  }

  /** One site; NotFoundError if unknown. */
  async get(id: string): Promise<Site> {
    const site = UUID.test(id) ? await findSite(this.deps.db, id) : undefined;
    if (!site) throw new NotFoundError('site', id);
    return site;
  }

  /** Adds a site. */
  async create(input: SiteInput): Promise<Site> {
    const name = this.checkName(input.name);
    if (input.timezone !== undefined) checkTimezone(input.timezone);
    if (input.openingHours !== undefined) checkOpeningHours(input.openingHours);
    const at = this.deps.clock.now();
    return withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const site = await insertSite(trx, {
        name, address: input.address ?? null, latitude: input.latitude ?? null, longitude: input.longitude ?? null,
        timezone: input.timezone ?? 'UTC', opening_hours: JSON.stringify(input.openingHours ?? {}), max_power_kw: this.checkPower(input.maxPowerKw ?? null), created_at: at, updated_at: at,
      });
      return { result: site, events: [this.event('site.created', { siteId: site.id, name: site.name, maxPowerKw: site.maxPowerKw })] };
    });
  }

  /** Changes a site; absent fields stay as they are. */
  async update(id: string, patch: Partial<SiteInput>): Promise<Site> {
    await this.get(id);
    const set: Updateable<SitesTable> = { updated_at: this.deps.clock.now() };
    if (patch.name !== undefined) set.name = this.checkName(patch.name);
    if (patch.address !== undefined) set.address = patch.address;
    if (patch.latitude !== undefined) set.latitude = patch.latitude;
    if (patch.longitude !== undefined) set.longitude = patch.longitude;
    if (patch.timezone !== undefined) {
      checkTimezone(patch.timezone);
      set.timezone = patch.timezone;
    }
    if (patch.openingHours !== undefined) {
      checkOpeningHours(patch.openingHours);
      set.opening_hours = JSON.stringify(patch.openingHours);
    }
    if (patch.maxPowerKw !== undefined) set.max_power_kw = this.checkPower(patch.maxPowerKw);
    const site = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const site = await updateSite(trx, id, set);
      return { result: site, events: site ? [this.event('site.updated', { siteId: id, name: site.name, maxPowerKw: site.maxPowerKw })] : [] };
    });
    if (!site) throw new NotFoundError('site', id);
    return site;
  }

  /** Deletes a site; its stations stay, without a site. */
  async remove(id: string): Promise<void> {
    await this.get(id);
    const removed = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const removed = await deleteSite(trx, id);
      return { result: removed, events: removed ? [this.event('site.removed', { siteId: id })] : [] };
    });
    if (!removed) throw new NotFoundError('site', id);
  }

  private checkPower(kw: number | null): number | null {
    if (kw !== null && !(Number.isFinite(kw) && kw > 0)) throw new ValidationError('maxPowerKw must be a positive number of kW, or null', { maxPowerKw: kw });
    return kw;
  }

  private checkName(name: string): string {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200) throw new ValidationError('a site name is 1 to 200 characters', { name });
    return trimmed;
  }

  private event(type: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data };
  }
}
