import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { deleteDriver, findDriver, findDriverOfUser, insertDriver, listDrivers, updateDriver, type DriverColumns } from './drivers-repository.js';
import type { Driver, DriverFilter, DriverPatch, DriverServiceDeps, NewDriver } from './drivers.js';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;
const PHONE = /^\+?[0-9 ()./-]{3,30}$/;

function text(value: string | null | undefined, max: number, what: string): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) throw new ValidationError(`${what} has at most ${max} characters`);
  return trimmed.length ? trimmed : null;
}

/** A unique index refused the change: the e-mail or the account already belongs to another driver. */
async function unique<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; constraint?: string };
    if (e.code === '23505') throw new ConflictError(e.constraint === 'drivers_email_key' ? 'another driver has this e-mail' : 'this account already belongs to another driver');
    throw error;
  }
}

/** Drivers: people who charge, with or without an account of their own; they own id tokens. */
export class DriverService {
  constructor(private readonly deps: DriverServiceDeps) {}

  /** A page of drivers by name. */
  async list(filter: DriverFilter = {}): Promise<{ items: Driver[]; total: number }> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
    const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
    const { rows, total } = await listDrivers(this.deps.db, filter, limit, offset);
    return { items: rows, total };
  }

  /** One driver; NotFoundError if unknown. */
  async get(id: string): Promise<Driver> {
    const driver = await findDriver(this.deps.db, id);
    if (!driver) throw new NotFoundError('driver', id);
    return driver;
  }

  /** The driver record of a signed-in account, or undefined when it has none. */
  async ofUser(userId: string): Promise<Driver | undefined> {
    return findDriverOfUser(this.deps.db, userId);
  }

  /** Adds a driver; ConflictError when the e-mail or account is taken. */
  async create(input: NewDriver): Promise<Driver> {
    const columns = await this.columns(input);
    if (!columns.name) throw new ValidationError('a driver needs a name');
    const id = this.deps.ids.uuid();
    await unique(() => insertDriver(this.deps.db, id, {
      name: columns.name!, email: columns.email ?? null, phone: columns.phone ?? null, user_id: columns.user_id ?? null, notes: columns.notes ?? null,
    }, this.deps.clock.now()));
    return this.get(id);
  }

  /** Changes a driver (null clears a field). */
  async update(id: string, patch: DriverPatch): Promise<Driver> {
    const columns = await this.columns(patch);
    if (patch.name !== undefined && !columns.name) throw new ValidationError('a driver needs a name');
    const found = await unique(() => updateDriver(this.deps.db, id, columns, this.deps.clock.now()));
    if (!found) throw new NotFoundError('driver', id);
    return this.get(id);
  }

  /** Deletes a driver; their tokens stay, without a driver. */
  async remove(id: string): Promise<void> {
    if (!(await deleteDriver(this.deps.db, id))) throw new NotFoundError('driver', id);
  }

  private async columns(input: DriverPatch): Promise<DriverColumns> {
    const out: DriverColumns = {};
    const name = text(input.name, 200, 'a name');
    if (name !== undefined) out.name = name ?? '';
    const email = text(input.email, 254, 'an e-mail address');
    if (email && !EMAIL.test(email)) throw new ValidationError('not an e-mail address', { email });
    if (email !== undefined) out.email = email;
    const phone = text(input.phone, 30, 'a phone number');
    if (phone && !PHONE.test(phone)) throw new ValidationError('a phone number has digits, spaces, + ( ) . / - only', { phone });
    if (phone !== undefined) out.phone = phone;
    const notes = text(input.notes, 2000, 'notes');
    if (notes !== undefined) out.notes = notes;
    if (input.userId !== undefined) out.user_id = input.userId === null ? null : await this.driverAccount(input.userId);
    return out;
  }

  /** A linked account must exist and have the driver role (an operator is not a driver). */
  private async driverAccount(userId: string): Promise<string> {
    const user = await this.deps.users.get(userId).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw new ValidationError('no such user', { userId });
      throw error;
    });
    if (user.role !== 'driver') throw new ValidationError('only an account with the driver role can be a driver', { userId, role: user.role });
    return user.id;
  }
}
