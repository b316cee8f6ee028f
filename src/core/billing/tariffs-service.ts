import type { DomainEvent } from '../../bus/bus.js';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { withEvents } from '../shared/with-events.js';
import type { BillingDeps, Tariff, TariffAssignment, TariffScope, TariffSnapshot } from './billing.js';
import { checkTariff, type TariffInput } from './tariff-input.js';
import { addTariffVersion, archiveTariff, findTariff, insertTariff, listAssignments, listTariffs, resolveTariff, scopeExists, setAssignment } from './tariffs-repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One assignment to set: a null tariff removes the scope's assignment. */
export interface AssignmentInput {
  scope: TariffScope;
  /** Site id, station id or token group; ignored for the default. */
  scopeId?: string;
  tariffId: string | null;
}

/**
 * Tariffs and where they apply. A tariff is versioned: a change adds a version and sessions keep the
 * version they started with; archiving hides it and drops its assignments.
 */
export class TariffService {
  constructor(private readonly deps: BillingDeps) {}

  /** Tariffs at their current version, by name. */
  list(includeArchived = false): Promise<Tariff[]> {
    return listTariffs(this.deps.db, includeArchived);
  }

  /** One tariff; NotFoundError when unknown. */
  async get(id: string): Promise<Tariff> {
    const tariff = UUID.test(id) ? await findTariff(this.deps.db, id) : undefined;
    if (!tariff) throw new NotFoundError('tariff', id);
    return tariff;
  }

  /** Adds a tariff (version 1). */
  async create(input: TariffInput): Promise<Tariff> {
    const terms = checkTariff(input);
    const at = this.deps.clock.now();
    const id = await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const id = await insertTariff(trx, terms, at);
      return { result: id, events: [this.event('tariff.created', { tariffId: id, version: 1, name: terms.name })] };
    });
    return this.get(id);
  }

  /** Changes a tariff by adding a version; what the patch leaves out stays as it was. */
  async update(id: string, patch: Partial<TariffInput>): Promise<Tariff> {
    const old = await this.get(id);
    if (old.archived) throw new ConflictError(`tariff ${id} is archived`, { tariffId: id });
    const terms = checkTariff({
      name: patch.name ?? old.name, currency: patch.currency ?? old.currency, vatPercent: patch.vatPercent ?? old.vatPercent,
      components: { ...old.components, ...patch.components },
    });
    const at = this.deps.clock.now();
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const version = await addTariffVersion(trx, id, terms, at);
      return { result: version, events: [this.event('tariff.updated', { tariffId: id, version, name: terms.name })] };
    });
    return this.get(id);
  }

  /** Archives a tariff: it no longer applies to new sessions; running ones keep it. */
  async archive(id: string): Promise<void> {
    await this.get(id);
    const at = this.deps.clock.now();
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      const done = await archiveTariff(trx, id, at);
      return { result: done, events: done ? [this.event('tariff.archived', { tariffId: id })] : [] };
    });
  }

  /** Every assignment. */
  assignments(): Promise<TariffAssignment[]> {
    return listAssignments(this.deps.db);
  }

  /** Assigns a tariff to a scope (replacing what was there) or removes the scope's assignment. */
  async assign(input: AssignmentInput): Promise<TariffAssignment[]> {
    const scopeId = input.scope === 'default' ? '' : (input.scopeId ?? '').trim();
    if (input.scope !== 'default' && (scopeId.length === 0 || scopeId.length > 100)) throw new ValidationError(`scopeId is required for a ${input.scope} assignment`, { scope: input.scope });
    if ((input.scope === 'site' || input.scope === 'station') && input.tariffId !== null && !(await scopeExists(this.deps.db, input.scope, scopeId))) {
      throw new NotFoundError(input.scope, scopeId);
    }
    if (input.tariffId !== null && (await this.get(input.tariffId)).archived) throw new ConflictError(`tariff ${input.tariffId} is archived`, { tariffId: input.tariffId });
    const at = this.deps.clock.now();
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      await setAssignment(trx, input.scope, scopeId, input.tariffId, at);
      return { result: undefined, events: [this.event('tariff.assigned', { scope: input.scope, scopeId, tariffId: input.tariffId })] };
    });
    return this.assignments();
  }

  /** The tariff a session starting now would get (most specific assignment), or undefined. */
  resolve(stationId: string, idToken: string | null): Promise<TariffSnapshot | undefined> {
    return resolveTariff(this.deps.db, stationId, idToken);
  }

  private event(type: string, data: Record<string, unknown>): DomainEvent {
    return { type, at: this.deps.clock.now().toISOString(), data };
  }
}
