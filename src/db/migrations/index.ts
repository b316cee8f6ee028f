import * as core from './001-core.js';
import * as accounts from './002-accounts.js';
import * as sitesCommands from './003-sites-commands.js';
import * as tariffs from './004-tariffs.js';
import * as chargingNeeds from './005-charging-needs.js';

/** A schema change: applied once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, ...core }, { version: 2, ...accounts }, { version: 3, ...sitesCommands }, { version: 4, ...tariffs }, { version: 5, ...chargingNeeds }];
