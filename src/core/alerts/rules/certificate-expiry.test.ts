import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { certificateHeldEvent } from '../../certificates/index.js';
import { RULE_KEYS } from './catalog.js';
import { certificateExpiry } from './certificate-expiry.js';

const KEY = RULE_KEYS.certificateExpiring;
const DAY_MS = 86_400_000;
let kit: RuleKit;

const hold = (stationId: string, certificates: Array<{ id: string; days: number }>) => {
  const now = kit.core.clock.nowMs();
  kit.core.bus.publish(certificateHeldEvent(kit.core.clock.now(), stationId, certificates.map((c) => ({
    id: c.id, certificateType: 'ChargingStationCertificate', serial: `5e${c.id}`, subject: `CN=${stationId}`, notAfter: new Date(now + c.days * DAY_MS).toISOString(),
  }))));
};

beforeAll(async () => {
  kit = await createRuleKit([certificateExpiry]);
  for (const id of ['EXP-1', 'EXP-2']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('certificate expiry', () => {
  it('raises once a held certificate is within withinDays, turns critical when it expires, and clears when it is replaced', async () => {
    // The clock moves at most a few days here: the test database has event partitions that far ahead.
    hold('EXP-1', [{ id: '1', days: 30.5 }]);
    await kit.settle();
    expect(await kit.open(KEY)).toEqual([]);

    await kit.sweep(DAY_MS);
    expect(await kit.open(KEY)).toMatchObject([{ subjectKey: 'station:EXP-1', severity: 'warning', title: 'ChargingStationCertificate of EXP-1 expires in 29 days', details: { certificateId: '1', serial: '5e1' } }]);
    await kit.sweep(3_600_000);
    expect((await kit.open(KEY))[0]!.occurrences).toBe(1);

    hold('EXP-1', [{ id: '1', days: 0.5 }]);
    await kit.sweep(DAY_MS);
    expect(await kit.open(KEY)).toMatchObject([{ severity: 'critical', occurrences: 2, title: expect.stringContaining('expired on') }]);

    hold('EXP-1', [{ id: '2', days: 365 }]);
    await kit.settle();
    expect(await kit.open(KEY)).toEqual([]);
    expect((await kit.all(KEY)).at(-1)).toMatchObject({ state: 'resolved' });
  });

  it('watches the soonest of a station\'s certificates and follows the operator\'s withinDays', async () => {
    hold('EXP-2', [{ id: '3', days: 300 }, { id: '4', days: 50 }]);
    await kit.settle();
    expect(await kit.open(KEY)).toEqual([]);
    await kit.configure(KEY, { params: { withinDays: 60 } });
    await kit.sweep();
    expect(await kit.open(KEY)).toMatchObject([{ subjectKey: 'station:EXP-2', details: { certificateId: '4' } }]);
    hold('EXP-2', []);
    await kit.settle();
    expect(await kit.open(KEY)).toEqual([]);
  });
});
