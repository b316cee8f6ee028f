import { AccountsService, type Role } from '../core/accounts/index.js';
import { IncidentService, RuleSettingsService, type RuleDefinition } from '../core/alerts/index.js';
import { createCoreKit, type CoreKit, type CoreKitOptions } from './core.js';
import { silentLogger } from './logger.js';

/** A small rule catalog for incident and rule-settings tests (the shipped catalog changes as rules are added). */
export const TEST_RULES: readonly RuleDefinition[] = [
  {
    key: 'test.offline', name: 'Test offline', category: 'connectivity', description: 'a station is gone', severity: 'warning', escalateAfterMin: 10,
    params: { minutes: 2, strict: false, label: 'x' }, channels: ['in_app', 'email'],
    remediation: { enabled: true, steps: [{ action: 'trigger_status', afterS: 60 }, { action: 'soft_reset', afterS: 300 }] },
  },
  {
    key: 'test.fault', name: 'Test fault', category: 'connector', description: 'a connector faulted', severity: 'critical', escalateAfterMin: null,
    params: {}, channels: ['in_app'], remediation: { enabled: false, steps: [] },
  },
  {
    key: 'test.power', name: 'Test power', category: 'power', description: 'no power', severity: 'info', escalateAfterMin: 5,
    params: { powerW: 100 }, channels: [], remediation: { enabled: false, steps: [] },
  },
];

/** Rule settings and the incident service over the core kit (its database, bus, fake clock and recorded events). */
export interface IncidentKit {
  core: CoreKit;
  settings: RuleSettingsService;
  incidents: IncidentService;
  /** Sites of stations as the live view would answer them. */
  stationSites: Map<string, string>;
  /** Creates a user with a role and returns its id. */
  user(username: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

/** Builds the kit with `catalog` (TEST_RULES unless given); call `close()` in afterAll. */
export async function createIncidentKit(catalog: readonly RuleDefinition[] = TEST_RULES, options: CoreKitOptions = {}): Promise<IncidentKit> {
  const core = await createCoreKit(options);
  const base = { db: core.database.db, bus: core.bus, clock: core.clock, logger: silentLogger };
  const settings = new RuleSettingsService({ ...base, catalog });
  await settings.start();
  const stationSites = new Map<string, string>();
  const incidents = new IncidentService({ ...base, rules: settings, siteOf: (id) => stationSites.get(id) ?? null });
  const accounts = new AccountsService({ db: core.database.db, clock: core.clock, ids: core.ids, logger: silentLogger });
  return {
    core, settings, incidents, stationSites,
    async user(username, role) {
      return (await accounts.create({ username, role }, null)).user.id;
    },
    async close() {
      await incidents.idle();
      await core.close();
    },
  };
}
