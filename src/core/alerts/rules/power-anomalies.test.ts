import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../bus/bus.js';
import { SiteService } from '../../sites/index.js';
import { silentLogger } from '../../../test-kit/logger.js';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { powerAnomalies } from './power-anomalies.js';
import { sitePower } from './site-power.js';

let kit: RuleKit;
const charging = (stationId: string, evseId: number, status = 'Charging') =>
  kit.core.stations.statusChanged(stationId, { evseId, connectorId: 1, status, timestamp: kit.core.clock.now() });
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([powerAnomalies, sitePower]);
  for (const id of ['P-1', 'P-2', 'P-3', 'P-4']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('charging without power', () => {
  it('raises after N minutes at ~0 W while Charging, and clears when power flows', async () => {
    const id = await kit.startSession('P-1', 1);
    await charging('P-1', 1);
    await kit.meter('P-1', 1, id, { powerW: 99, registerWh: 0 });
    await kit.sweep(599_000);
    expect(await of(RULE_KEYS.powerZero, 'connector:P-1:1:1')).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.powerZero, 'connector:P-1:1:1')).toMatchObject([{ details: { powerW: 99, thresholdW: 100, minutes: 10 } }]);
    await kit.meter('P-1', 1, id, { powerW: 100, registerWh: 10 });
    await kit.settle();
    expect(await of(RULE_KEYS.powerZero, 'connector:P-1:1:1')).toEqual([]);
  });

  it('does not count time while the EV suspends charging', async () => {
    const id = await kit.startSession('P-1', 2);
    await charging('P-1', 2, 'SuspendedEV');
    await kit.meter('P-1', 2, id, { powerW: 0, registerWh: 0 });
    await kit.sweep(900_000);
    expect(await of(RULE_KEYS.powerZero, 'connector:P-1:2:1')).toEqual([]);
  });
});

describe('power below the offered limit', () => {
  it('raises when power stays under ratioPercent of Power.Offered for N minutes', async () => {
    const id = await kit.startSession('P-2', 1);
    await charging('P-2', 1);
    await kit.meter('P-2', 1, id, { powerW: 5_500, offeredW: 11_000, registerWh: 0 });
    await kit.sweep(900_000);
    expect(await of(RULE_KEYS.powerBelowOffered, 'connector:P-2:1:1')).toEqual([]);
    await kit.meter('P-2', 1, id, { powerW: 5_499, offeredW: 11_000, registerWh: 100 });
    await kit.sweep(899_000);
    expect(await of(RULE_KEYS.powerBelowOffered, 'connector:P-2:1:1')).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.powerBelowOffered, 'connector:P-2:1:1')).toMatchObject([{ details: { powerW: 5_499, offeredW: 11_000 } }]);
    await kit.meter('P-2', 1, id, { powerW: 10_000, offeredW: 11_000, registerWh: 2_000 });
    await kit.settle();
    expect(await of(RULE_KEYS.powerBelowOffered, 'connector:P-2:1:1')).toEqual([]);
  });
});

describe('power fluctuation', () => {
  it('raises at the third swing over swingW within the window, and clears after a quiet window', async () => {
    const id = await kit.startSession('P-3', 1);
    await charging('P-3', 1);
    let wh = 0;
    for (const powerW of [10_000, 3_000, 10_001, 3_001]) {
      await kit.meter('P-3', 1, id, { powerW, registerWh: (wh += 100) });
      kit.core.clock.advance(10_000);
    }
    await kit.settle();
    // 7,000 W is not more than swingW; 7,001 and 7,000 → 1 swing counted so far.
    expect(await of(RULE_KEYS.powerFluctuation, 'connector:P-3:1:1')).toEqual([]);
    await kit.meter('P-3', 1, id, { powerW: 10_100, registerWh: (wh += 100) });
    await kit.meter('P-3', 1, id, { powerW: 3_000, registerWh: (wh += 100) });
    await kit.settle();
    expect(await of(RULE_KEYS.powerFluctuation, 'connector:P-3:1:1')).toMatchObject([{ details: { swings: 3 } }]);
    await kit.sweep(600_000);
    expect(await of(RULE_KEYS.powerFluctuation, 'connector:P-3:1:1')).toEqual([]);
  });
});

describe('site power limit', () => {
  it('raises near the limit, escalates over it, and clears below the hysteresis', async () => {
    const sites = new SiteService({ db: kit.core.database.db, bus: kit.core.bus, clock: kit.core.clock });
    const site = await sites.create({ name: 'Depot', maxPowerKw: 20 });
    await kit.core.stations.update('P-4', { siteId: site.id });
    const id = await kit.startSession('P-4', 1);
    const subject = `site:${site.id}`;
    await kit.meter('P-4', 1, id, { powerW: 17_999, registerWh: 0 });
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toEqual([]);
    await kit.meter('P-4', 1, id, { powerW: 18_000, registerWh: 10 });
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toMatchObject([{ severity: 'warning', occurrences: 1 }]);
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toMatchObject([{ occurrences: 1 }]);
    await kit.meter('P-4', 1, id, { powerW: 20_001, registerWh: 20 });
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toMatchObject([{ severity: 'critical', occurrences: 2 }]);
    await kit.meter('P-4', 1, id, { powerW: 17_000, registerWh: 30 });
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toHaveLength(1);
    await kit.meter('P-4', 1, id, { powerW: 16_999, registerWh: 40 });
    await kit.sweep(5_000);
    expect(await of(RULE_KEYS.sitePowerLimit, subject)).toEqual([]);
  });
});

describe('meter samples on the hot path', () => {
  it('are handled without a promise unless an incident changes', async () => {
    // An evaluator of its own over the kit's real parts, fed directly, to see what onEvent returns.
    const evaluator = powerAnomalies({
      clock: kit.core.clock, sink: kit.incidents, settings: kit.settings, live: kit.live, logger: silentLogger,
      siteOf: (stationId) => kit.live.station(stationId)?.siteId ?? null,
    });
    const sample = (powerW: number): DomainEvent => ({
      type: 'meter.sample', at: kit.core.clock.now().toISOString(), stationId: 'P-9', sessionId: 1,
      data: { stationId: 'P-9', sessionId: 1, evseId: 1, connectorId: 1, powerW, energyWh: null, soc: null, registerWh: null, offeredW: null },
    });
    // Three swings over 7 kW within 10 minutes raise on the third; until then nothing is reported.
    expect([0, 11_000, 0].map((w) => evaluator.onEvent!(sample(w)))).toEqual([undefined, undefined, undefined]);
    const raising = evaluator.onEvent!(sample(11_000));
    expect(raising).toBeInstanceOf(Promise);
    await raising;
    await kit.settle();
    expect(await of(RULE_KEYS.powerFluctuation, 'connector:P-9:1:1')).toMatchObject([{ details: { swings: 3, fromW: 0, toW: 11_000 } }]);
  });
});
