import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../bus/bus.js';
import { silentLogger } from '../../../test-kit/logger.js';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import type { RuleContext, RuleEvaluator } from '../rule-evaluator.js';
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

describe('sweeping many sessions', () => {
  /** Session ids far above those the database hands out. */
  const FIRST_ID = 9_000_000;
  const event = (type: string, stationId: string, sessionId: number, data: Record<string, unknown> = {}): DomainEvent => ({
    type, at: kit.core.clock.now().toISOString(), stationId, sessionId, data: { evseId: 1, connectorId: 1, energyWh: 0, ...data },
  });
  /** Sessions the live view learns from the bus, as from the sessions service. */
  const startMany = (count: number, from: number, station: (i: number) => string): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = from + i;
      kit.core.bus.publish(event('session.started', station(i), id));
      ids.push(id);
    }
    return ids;
  };
  /** An evaluator of its own over the kit's real live view, settings and incidents, so the test calls its sweep directly. */
  const ownEvaluator = async (): Promise<RuleEvaluator> => {
    const ctx: RuleContext = {
      clock: kit.core.clock, sink: kit.incidents, settings: kit.settings, live: kit.live, logger: silentLogger,
      siteOf: (stationId) => kit.live.station(stationId)?.siteId ?? null,
    };
    const evaluator = sessionAnomalies(ctx);
    await evaluator.start?.();
    return evaluator;
  };
  /** Runs `work`, counting the event loop's turns (setImmediate callbacks) taken before it ends; `onTurn` runs at each. */
  const countTurns = async (work: () => Promise<void> | void, onTurn?: (turn: number) => void): Promise<number> => {
    let turns = 0;
    let done = false;
    const turn = (): void => {
      if (done) return;
      turns++;
      onTurn?.(turns);
      setImmediate(turn);
    };
    setImmediate(turn);
    await work();
    done = true;
    return turns;
  };

  it('handles meter samples without a promise unless an incident changes', async () => {
    const [id] = startMany(1, FIRST_ID + 500, () => 'ZS-1');
    const evaluator = await ownEvaluator();
    const sample = (data: Record<string, unknown>) => evaluator.onEvent!(event('meter.sample', 'ZS-1', id!, { powerW: 7_000, ...data }));
    expect(sample({ energyWh: 0, soc: 40 })).toBeUndefined();
    expect(sample({ energyWh: 100, soc: 41 })).toBeUndefined();
    expect(evaluator.onEvent!(event('meter.sample', 'ZS-1', FIRST_ID + 501, { energyWh: 100 }))).toBeUndefined();
  });

  it('skips sessions stopped while the sweep yields, leaving no zombie incident open', async () => {
    await kit.configure(RULE_KEYS.zeroEnergySession, { enabled: false });
    const ids = startMany(200, FIRST_ID, (i) => `ZB-${i}`);
    const evaluator = await ownEvaluator();
    kit.core.clock.advance(360_000);
    const stops: (Promise<void> | void)[] = [];
    // At the first turn the sweep gives (a raise waits for the database), every session stops: those judged
    // by then have their incident resolved by the stop, the others must not be raised at all.
    await countTurns(() => evaluator.sweep!(kit.core.clock.now()), (turn) => {
      if (turn !== 1) return;
      for (const [i, id] of ids.entries()) {
        const stopped = event('session.stopped', `ZB-${i}`, id);
        kit.core.bus.publish(stopped);
        stops.push(evaluator.onEvent!(stopped));
      }
    });
    await Promise.all(stops);
    await kit.settle();
    expect(stops).toHaveLength(ids.length);
    const zombies = (await kit.all(RULE_KEYS.zombieSession)).filter((i) => ids.some((id) => i.subjectKey === `session:${id}`));
    expect(zombies.length).toBeLessThan(ids.length);
    expect(zombies.filter((i) => i.state !== 'resolved')).toEqual([]);
    await kit.configure(RULE_KEYS.zeroEnergySession, { enabled: true });
  });

  it('gives the event loop turns while it judges tens of thousands of sessions', async () => {
    startMany(50_000, FIRST_ID + 1_000, (i) => `ZM-${i % 5_000}`);
    const evaluator = await ownEvaluator();
    // With nothing to raise the sweep never waits for the database: only its own yields can give turns.
    const rules = [RULE_KEYS.zombieSession, RULE_KEYS.eternalSession, RULE_KEYS.socStalled];
    for (const rule of rules) await kit.configure(rule, { enabled: false });
    const turns = await countTurns(() => evaluator.sweep!(kit.core.clock.now()));
    for (const rule of rules) await kit.configure(rule, { enabled: true });
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
