import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import { withEvents } from '../shared/with-events.js';
import { deleteRule, findRule, loadPlace, saveRule, siteExists, stationExists, type RuleTarget } from './access-repository.js';
import type { AccessRule, AccessRuleInput, EffectiveAccessRule, WeeklySchedule } from './access.js';

const WEEKDAYS = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MODES = ['public', 'private', 'schedule'] as const;
const MAX_LISTED = 500;
const PUBLIC: EffectiveAccessRule = { mode: 'public', groupIds: [], driverIds: [], tokens: [], schedule: {}, outside: 'nobody', updatedAt: null, updatedBy: null, source: 'default' };

/** An access rule change as the API takes it: a rule, or `inherit` to drop the place's own rule. */
export type AccessRuleChange = AccessRuleInput | { mode: 'inherit' };

function checkList(name: string, values: readonly string[] | undefined): string[] {
  const list = [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v.length > 0))];
  if (list.length > MAX_LISTED) throw new ValidationError(`${name} lists at most ${MAX_LISTED} entries`, { [name]: list.length });
  const long = list.find((v) => v.length > 36);
  if (long !== undefined) throw new ValidationError(`${name}: ${long} is longer than 36 characters`, { [name]: long });
  return list;
}

function checkSchedule(schedule: WeeklySchedule): WeeklySchedule {
  for (const [day, ranges] of Object.entries(schedule)) {
    if (!WEEKDAYS.has(day)) throw new ValidationError(`schedule: ${day} is not one of mon, tue, wed, thu, fri, sat, sun`, { day });
    for (const [from, to] of ranges) {
      if (!TIME.test(from) || !TIME.test(to) || from >= to) throw new ValidationError(`schedule: ${day} ${from}-${to} is not a range of HH:MM times`, { day, from, to });
    }
  }
  return schedule;
}

/** Access rules of sites and stations: read (with what applies) and set by operators. */
export class AccessRulesService {
  constructor(private readonly deps: { db: Kysely<Database>; bus: Bus; clock: Clock }) {}

  /** A site's rule (public when it has none). */
  async forSite(siteId: string): Promise<EffectiveAccessRule> {
    await this.requireSite(siteId);
    const rule = await findRule(this.deps.db, { siteId });
    return rule ? { ...rule, source: 'site' } : PUBLIC;
  }

  /** The rule in force at a station: its own, else its site's, else public. */
  async forStation(stationId: string): Promise<EffectiveAccessRule> {
    const place = await loadPlace(this.deps.db, stationId);
    if (!place) throw new NotFoundError('station', stationId);
    if (place.stationRule) return { ...place.stationRule, source: 'station' };
    return place.siteRule ? { ...place.siteRule, source: 'site' } : PUBLIC;
  }

  /** Sets a site's rule (`inherit`: back to public). */
  async setForSite(siteId: string, change: AccessRuleChange, by: string | null): Promise<EffectiveAccessRule> {
    await this.requireSite(siteId);
    await this.apply({ siteId }, change, by);
    return this.forSite(siteId);
  }

  /** Sets a station's own rule (`inherit`: its site's rule applies again). */
  async setForStation(stationId: string, change: AccessRuleChange, by: string | null): Promise<EffectiveAccessRule> {
    if (!(await stationExists(this.deps.db, stationId))) throw new NotFoundError('station', stationId);
    await this.apply({ stationId }, change, by);
    return this.forStation(stationId);
  }

  private async apply(target: RuleTarget, change: AccessRuleChange, by: string | null): Promise<void> {
    const at = this.deps.clock.now();
    const ids = 'siteId' in target ? { siteId: target.siteId } : { stationId: target.stationId };
    if (change.mode === 'inherit') {
      await withEvents(this.deps.db, this.deps.bus, async (trx) => ({ result: undefined, events: (await deleteRule(trx, target)) ? [this.event(at, { ...ids, mode: 'inherit' })] : [] }));
      return;
    }
    const input = this.check(change);
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const rule: AccessRule = await saveRule(trx, target, input, by, at);
      return { result: rule, events: [this.event(at, { ...ids, mode: rule.mode })] };
    });
  }

  private check(input: AccessRuleInput): Required<AccessRuleInput> {
    if (!(MODES as readonly string[]).includes(input.mode)) throw new ValidationError(`mode must be one of ${MODES.join(', ')} or inherit`, { mode: input.mode });
    const schedule = checkSchedule(input.schedule ?? {});
    if (input.mode === 'schedule' && Object.values(schedule).every((r) => r.length === 0)) throw new ValidationError('a schedule rule needs at least one range of hours');
    const outside = input.outside ?? 'nobody';
    if (outside !== 'listed' && outside !== 'nobody') throw new ValidationError('outside must be listed or nobody', { outside });
    return { mode: input.mode, groupIds: checkList('groupIds', input.groupIds), driverIds: checkList('driverIds', input.driverIds), tokens: checkList('tokens', input.tokens), schedule, outside };
  }

  private async requireSite(siteId: string): Promise<void> {
    if (!UUID.test(siteId) || !(await siteExists(this.deps.db, siteId))) throw new NotFoundError('site', siteId);
  }

  private event(at: Date, data: Record<string, unknown>): DomainEvent {
    return { type: 'access_rule.updated', at: at.toISOString(), ...(typeof data.stationId === 'string' ? { stationId: data.stationId } : {}), data };
  }
}
