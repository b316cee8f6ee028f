import * as core from './001-core.js';
import * as accounts from './002-accounts.js';
import * as sitesCommands from './003-sites-commands.js';
import * as tariffs from './004-tariffs.js';
import * as chargingNeeds from './005-charging-needs.js';
import * as ingestTuning from './011-ingest-tuning.js';
import * as alerts from './006-alerts.js';
import * as uptime from './007-uptime.js';
import * as maintenance from './008-maintenance.js';
import * as notifications from './009-notifications.js';
import * as sitePowerLimit from './010-site-power-limit.js';
import * as driversTokens from './012-drivers-tokens.js';
import * as accessRules from './013-access-rules.js';
import * as localLists from './014-local-lists.js';
import * as stationSecurity from './015-station-security.js';
import * as certificates from './016-certificates.js';
import * as security from './017-security.js';
import * as progressCheckpoints from './018-progress-checkpoints.js';
import * as messagePairs from './019-message-pairs.js';
import * as meterValues from './020-meter-values.js';

/** A schema change: applied once, in order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, ...core }, { version: 2, ...accounts }, { version: 3, ...sitesCommands }, { version: 4, ...tariffs }, { version: 5, ...chargingNeeds }, { version: 6, ...alerts }, { version: 7, ...uptime }, { version: 8, ...maintenance }, { version: 9, ...notifications }, { version: 10, ...sitePowerLimit }, { version: 11, ...ingestTuning }, { version: 12, ...driversTokens }, { version: 13, ...accessRules }, { version: 14, ...localLists }, { version: 15, ...stationSecurity }, { version: 16, ...certificates }, { version: 17, ...security }, { version: 18, ...progressCheckpoints }, { version: 19, ...messagePairs }, { version: 20, ...meterValues }];
