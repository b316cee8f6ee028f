import * as core from './001-core.js';

/** A schema change: applied once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, ...core }];
