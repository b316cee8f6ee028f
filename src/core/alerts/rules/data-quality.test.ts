import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { dataQuality } from './data-quality.js';

let kit: RuleKit;
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([dataQuality]);
  for (const id of ['D-1', 'D-2']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('two-tier data checks', () => {
  it('accepts meter values stamped in the future and flags them beyond the tolerance', async () => {
    const id = await kit.startSession('D-1', 1);
    await kit.meter('D-1', 1, id, { registerWh: 100, atMs: kit.core.clock.nowMs() + 300_000 });
    await kit.settle();
    expect(await of(RULE_KEYS.futureTimestamp, 'station:D-1')).toEqual([]);
    await kit.meter('D-1', 1, id, { registerWh: 200, atMs: kit.core.clock.nowMs() + 301_000 });
    await kit.settle();
    expect(await of(RULE_KEYS.futureTimestamp, 'station:D-1')).toMatchObject([{ details: { skewS: 301, toleranceS: 300 } }]);
    expect((await kit.core.sessions.get(id)).energyWh).toBe(200);
    await kit.sweep(3_600_000);
    expect(await of(RULE_KEYS.futureTimestamp, 'station:D-1')).toEqual([]);
  });

  it('flags a register going backwards and keeps the energy delivered', async () => {
    const id = await kit.startSession('D-2', 1);
    await kit.meter('D-2', 1, id, { registerWh: 1_000 });
    kit.core.clock.advance(10_000);
    await kit.meter('D-2', 1, id, { registerWh: 1_000 });
    kit.core.clock.advance(10_000);
    await kit.settle();
    expect(await of(RULE_KEYS.meterBackwards, 'connector:D-2:1:1')).toEqual([]);
    await kit.meter('D-2', 1, id, { registerWh: 999 });
    await kit.settle();
    expect(await of(RULE_KEYS.meterBackwards, 'connector:D-2:1:1')).toMatchObject([{ details: { previousWh: 1_000, registerWh: 999, sessionId: id } }]);
    expect((await kit.core.sessions.get(id)).energyWh).toBe(1_000);
  });
});
