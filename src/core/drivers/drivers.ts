import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { DriverView, Role } from '../../http/api-types.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';

/** A driver as the API shows it. */
export type Driver = DriverView;

/** What a new driver is made of. */
export interface NewDriver {
  name: string;
  email?: string | null;
  phone?: string | null;
  /** The account (role `driver`) this driver signs in with, if any. */
  userId?: string | null;
  notes?: string | null;
}

/** Changes to a driver; null clears a field, undefined leaves it. */
export type DriverPatch = Partial<NewDriver>;

/** Filters for listing drivers. */
export interface DriverFilter {
  /** Case-insensitive substring of the name, e-mail or phone. */
  search?: string;
  limit?: number;
  offset?: number;
}

/** What the DriverService needs; supplied by server.ts. */
export interface DriverServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: IdGenerator;
  /** Looks up accounts, to check that a linked user has the `driver` role. */
  users: { get(id: string): Promise<{ id: string; role: Role }> };
}
