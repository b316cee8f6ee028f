import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { sessionAnomalies } from './session-anomalies.js';

let kit: RuleKit;
const status = (stationId: string, evseId: number, s: string) => kit.core.stations.statusChanged(stationId, { evseId, connectorId: 1, status: s, timestamp: kit.core.clock.now() });
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([sessionAnomalies]);
  for (const id of ['S-1', 'S-2', 'S-3', 'S-4', 'S-5']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('zombie session', () => {
  it('raises when no energy flowed 5 minutes after the start, and clears when it does', async () => {
    const id = await kit.startSession('S-1', 1);
    await kit.sweep(299_000);
    expect(await of(RULE_KEYS.zombieSession, `session:${id}`)).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.zombieSession, `session:${id}`)).toHaveLength(1);
    await kit.meter('S-1', 1, id, { registerWh: 0 });
    await kit.meter('S-1', 1, id, { registerWh: 50 });
    await kit.settle();
    expect(await of(RULE_KEYS.zombieSession, `session:${id}`)).toEqual([]);
  });

  it('raises for a connector Preparing for 5 minutes without a session', async () => {
    await status('S-2', 1, 'Preparing');
    await kit.sweep(299_000);
    expect(await of(RULE_KEYS.zombieSession, 'connector:S-2:1:1')).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.zombieSession, 'connector:S-2:1:1')).toHaveLength(1);
    await status('S-2', 1, 'Available');
    await kit.settle();
    expect(await of(RULE_KEYS.zombieSession, 'connector:S-2:1:1')).toEqual([]);
  });
});

describe('eternal session', () => {
  it('raises after N hours without a stop and clears at the stop', async () => {
    await kit.configure(RULE_KEYS.eternalSession, { params: { hours: 1 } });
    const id = await kit.startSession('S-3', 1);
    await kit.sweep(3_599_000);
    expect(await of(RULE_KEYS.eternalSession, `session:${id}`)).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.eternalSession, `session:${id}`)).toHaveLength(1);
    await kit.stopSession('S-3', id, 0);
    await kit.settle();
    expect(await of(RULE_KEYS.eternalSession, `session:${id}`)).toEqual([]);
    expect(await of(RULE_KEYS.zombieSession, `session:${id}`)).toEqual([]);
  });
});

describe('SoC not rising', () => {
  it('raises when SoC stays put for N minutes while charging, and clears when it rises', async () => {
    const id = await kit.startSession('S-4', 1);
    await status('S-4', 1, 'Charging');
    await kit.meter('S-4', 1, id, { registerWh: 0, powerW: 11_000, soc: 50 });
    await kit.sweep(0);
    await kit.meter('S-4', 1, id, { registerWh: 1_000, powerW: 11_000, soc: 50 });
    await kit.sweep(1_199_000);
    expect(await of(RULE_KEYS.socStalled, `session:${id}`)).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.socStalled, `session:${id}`)).toMatchObject([{ details: { soc: 50 } }]);
    await kit.meter('S-4', 1, id, { registerWh: 2_000, powerW: 11_000, soc: 51 });
    await kit.settle();
    expect(await of(RULE_KEYS.socStalled, `session:${id}`)).toEqual([]);
  });
});

describe('sessions without energy', () => {
  it('counts sessions ending with at most maxEnergyWh on a connector, and clears when one delivers more', async () => {
    const subject = 'connector:S-5:1:1';
    for (const wh of [10, 10]) {
      const id = await kit.startSession('S-5', 1);
      await kit.meter('S-5', 1, id, { registerWh: 0 });
      await kit.stopSession('S-5', id, wh);
      await kit.settle();
      kit.core.clock.advance(60_000);
    }
    expect(await of(RULE_KEYS.zeroEnergySession, subject)).toMatchObject([{ occurrences: 2 }]);
    const id = await kit.startSession('S-5', 1);
    await kit.meter('S-5', 1, id, { registerWh: 0 });
    await kit.stopSession('S-5', id, 11);
    await kit.settle();
    expect(await of(RULE_KEYS.zeroEnergySession, subject)).toEqual([]);
  });
});
