import type { Kysely } from 'kysely';
import type { Bus } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';

/** Opening hours per weekday (`mon`..`sun`), each a list of [from, to] times `HH:MM`; empty = always open. */
export type OpeningHours = Record<string, Array<[string, string]>>;

/** A place where stations stand. */
export interface Site {
  id: string;
  name: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** IANA time zone of the site (opening hours and local reports are in it). */
  timezone: string;
  openingHours: OpeningHours;
  /** The most power the site may draw (grid connection or contract), kW; null when not set. */
  maxPowerKw: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A new site, or (every field optional) a change to one; null clears. */
export interface SiteInput {
  name: string;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  timezone?: string;
  openingHours?: OpeningHours;
  maxPowerKw?: number | null;
}

/** What the SiteService is built from. */
export interface SiteServiceDeps {
  db: Kysely<Database>;
  bus: Bus;
  clock: Clock;
}
