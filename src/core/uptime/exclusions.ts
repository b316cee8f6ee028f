import { NotFoundError, ValidationError } from '../shared/app-error.js';
import { deleteExclusion, insertExclusion, listExclusions, siteExists } from './exclusions-repository.js';
import { forgetMonthly } from './ledger-repository.js';
import { portExists } from './maintenance-repository.js';
import { EXCLUSION_REASONS, type ExclusionReason, type UptimeExclusion, type UptimeDeps } from './uptime.js';

/** A new excluded period: for a port (stationId + evseId), a station (stationId) or a site (siteId). */
export interface ExclusionInput {
  stationId?: string | null;
  evseId?: number | null;
  siteId?: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: ExclusionReason;
  note?: string | null;
  evidence?: string | null;
  by: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Excluded periods: outage outside the operator's control (utility outage, vehicle fault, scheduled maintenance,
 * vandalism, natural disaster; 23 CFR 680.116(b)(3)) with a note or evidence. Changing one forgets the stored
 * months it touches, so they are computed again with it.
 */
export class UptimeExclusions {
  constructor(private readonly deps: Pick<UptimeDeps, 'db' | 'clock'>) {}

  /** Exclusions overlapping [from, to) of a station (its ports, itself, its site) or a site, newest first. */
  list(filter: { stationId?: string; siteId?: string; from?: Date; to?: Date }): Promise<UptimeExclusion[]> {
    return listExclusions(this.deps.db, filter);
  }

  /** Records an excluded period. */
  async create(input: ExclusionInput): Promise<UptimeExclusion> {
    if (!EXCLUSION_REASONS.includes(input.reason)) throw new ValidationError(`reason is one of ${EXCLUSION_REASONS.join(', ')}`, { reason: input.reason });
    if (input.endsAt.getTime() <= input.startsAt.getTime()) throw new ValidationError('an excluded period ends after it starts');
    const evseId = input.evseId ?? null;
    const scope = input.siteId ? 'site' : evseId !== null ? 'port' : 'station';
    if (scope === 'site' ? !!input.stationId || evseId !== null : !input.stationId) throw new ValidationError('give a siteId, a stationId, or a stationId and an evseId');
    if (scope === 'site') {
      if (!UUID.test(input.siteId!) || !(await siteExists(this.deps.db, input.siteId!))) throw new NotFoundError('site', input.siteId!);
    } else {
      const exists = await portExists(this.deps.db, input.stationId!, evseId);
      if (!exists.station) throw new NotFoundError('station', input.stationId!);
      if (!exists.port) throw new NotFoundError('port', `${input.stationId}/${evseId}`);
    }
    const created = await insertExclusion(this.deps.db, {
      scope, stationId: scope === 'site' ? null : input.stationId!, evseId: scope === 'port' ? evseId : null, siteId: scope === 'site' ? input.siteId! : null,
      startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, note: input.note ?? null, evidence: input.evidence ?? null,
      createdBy: input.by, at: this.deps.clock.now(),
    });
    await this.forget(created);
    return created;
  }

  /** Deletes an excluded period. */
  async remove(id: number): Promise<UptimeExclusion> {
    const removed = await deleteExclusion(this.deps.db, id);
    if (!removed) throw new NotFoundError('exclusion', id);
    await this.forget(removed);
    return removed;
  }

  private forget(e: UptimeExclusion): Promise<void> {
    return forgetMonthly(this.deps.db, e.siteId ? { siteId: e.siteId } : { stationId: e.stationId! }, new Date(e.startsAt), new Date(e.endsAt));
  }
}
