import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentKit, TEST_RULES, type IncidentKit } from '../../test-kit/incidents.js';
import { silentLogger } from '../../test-kit/logger.js';
import { ValidationError } from '../shared/app-error.js';
import { SiteService } from '../sites/index.js';
import type { RuleDefinition } from './alerts.js';
import { RuleSettingsService } from './rule-settings-service.js';

let kit: IncidentKit;
let siteId: string;

beforeAll(async () => {
  kit = await createIncidentKit();
  siteId = (await new SiteService({ db: kit.core.database.db, bus: kit.core.bus, clock: kit.core.clock }).create({ name: 'Depot' })).id;
});
afterAll(async () => kit.close());

/** A second service over the same database, as after a restart, with the given catalog. */
const restart = async (catalog: readonly RuleDefinition[]) => {
  const service = new RuleSettingsService({ db: kit.core.database.db, bus: kit.core.bus, clock: kit.core.clock, logger: silentLogger, catalog });
  await service.start();
  return service;
};
const storedKeys = async () => (await kit.core.database.db.selectFrom('alert_rules').select('key').orderBy('key').execute()).map((r) => r.key);

describe('RuleSettingsService seeding', () => {
  it('stores every catalog rule with its defaults at start', async () => {
    expect(await storedKeys()).toEqual(['test.fault', 'test.offline', 'test.power']);
    expect(kit.settings.settingsFor('test.offline', null)).toEqual({
      key: 'test.offline', enabled: true, severity: 'warning', escalateAfterMin: 10, params: { minutes: 2, strict: false, label: 'x' },
      channels: ['in_app', 'email'], remediation: TEST_RULES[0]!.remediation, remediationAllowed: true,
    });
  });

  it('keeps operators\' edits across a restart and adds only new rules and new params with their defaults', async () => {
    await kit.settings.update('test.power', { severity: 'critical', params: { powerW: 250 } }, 'alice');
    const power = TEST_RULES[2]!;
    const grown: RuleDefinition[] = [
      ...TEST_RULES.filter((r) => r !== power),
      { ...power, severity: 'warning', params: { powerW: 100, minutes: 3 } },
      { key: 'test.new', name: 'New', category: 'data', description: 'new', severity: 'info', escalateAfterMin: null, params: {}, channels: [], remediation: { enabled: false, steps: [] } },
    ];
    const after = await restart(grown);
    expect(await storedKeys()).toEqual(['test.fault', 'test.new', 'test.offline', 'test.power']);
    expect(after.settingsFor('test.power', null)).toMatchObject({ severity: 'critical', params: { powerW: 250, minutes: 3 } });
    expect(after.get('test.power')).toMatchObject({ updatedBy: 'alice', defaults: { severity: 'warning' } });
  });

  it('ignores rules and params in the table that the catalog no longer has', async () => {
    await kit.core.database.db.insertInto('alert_rules').values({
      key: 'gone.rule', enabled: true, severity: 'info', escalate_after_min: null, params: '{}', channels: [], remediation: '{"enabled":false,"steps":[]}', updated_at: kit.core.clock.now(), updated_by: null,
    }).execute();
    await kit.core.database.db.updateTable('alert_rules').set({ params: JSON.stringify({ minutes: 'five', dropped: 1, label: 'y' }) }).where('key', '=', 'test.offline').execute();
    const after = await restart(TEST_RULES);
    expect(after.list().map((r) => r.key)).toEqual(TEST_RULES.map((r) => r.key));
    expect(() => after.settingsFor('gone.rule', null)).toThrow(/not in the rule catalog/);
    expect(after.settingsFor('test.offline', null).params).toEqual({ minutes: 2, strict: false, label: 'y' });
    await kit.settings.update('test.offline', { params: { label: 'x' } }, 'alice');
  });
});

describe('RuleSettingsService edits', () => {
  it('refuses bad changes with a ValidationError and stores nothing', async () => {
    const before = kit.settings.get('test.offline');
    const bad = [
      { params: { nope: 1 } }, { params: { minutes: 'two' } }, { params: { minutes: -1 } }, { severity: 'urgent' }, { escalateAfterMin: 0 },
      { channels: ['pager'] }, { remediation: { enabled: true, steps: [{ action: 'hard_reset', afterS: 300 }, { action: 'soft_reset', afterS: 60 }] } },
      { remediation: { enabled: true, steps: [{ action: 'reboot', afterS: 60 }] } },
    ];
    for (const change of bad) await expect(kit.settings.update('test.offline', change as never, 'alice')).rejects.toThrow(ValidationError);
    expect(kit.settings.get('test.offline')).toEqual(before);
  });

  it('merges a site\'s overrides over the network settings, and removing them restores the network settings', async () => {
    await kit.settings.update('test.offline', { params: { minutes: 5 } }, 'alice');
    await kit.settings.setSiteOverride('test.offline', siteId, { enabled: false, params: { strict: true } }, 'alice');
    expect(kit.settings.settingsFor('test.offline', siteId)).toMatchObject({ enabled: false, severity: 'warning', params: { minutes: 5, strict: true, label: 'x' } });
    expect(kit.settings.settingsFor('test.offline', null)).toMatchObject({ enabled: true, params: { minutes: 5, strict: false } });
    await kit.settings.setSiteOverride('test.offline', siteId, { severity: 'critical' }, 'alice');
    expect(kit.settings.settingsFor('test.offline', siteId)).toMatchObject({ enabled: true, severity: 'critical', params: { minutes: 5, strict: false } });
    await expect(kit.settings.setSiteOverride('test.offline', siteId, { params: { minutes: true } } as never, 'alice')).rejects.toThrow(ValidationError);
    await kit.settings.removeSiteOverride('test.offline', siteId);
    expect(kit.settings.settingsFor('test.offline', siteId)).toEqual(kit.settings.settingsFor('test.offline', null));
  });

  it('switches remediation off for a site only', async () => {
    await kit.settings.setSiteRemediation(siteId, false, 'alice');
    expect(kit.settings.settingsFor('test.offline', siteId).remediationAllowed).toBe(false);
    expect(kit.settings.settingsFor('test.offline', null).remediationAllowed).toBe(true);
    const after = await restart(TEST_RULES);
    expect(after.remediationAllowed(siteId)).toBe(false);
    await kit.settings.setSiteRemediation(siteId, true, 'alice');
    expect(kit.settings.settingsFor('test.fault', siteId).remediationAllowed).toBe(true);
  });

  it('announces each edit on the bus', () => {
    const types = kit.core.events.filter((e) => e.type.startsWith('alert_rule.')).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['alert_rule.updated', 'alert_rule.site_override', 'alert_rule.site_remediation']));
  });
});
