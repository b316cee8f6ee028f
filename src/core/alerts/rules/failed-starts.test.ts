import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../bus/bus.js';
import { commandEvent } from '../../commands/index.js';
import { silentLogger } from '../../../test-kit/logger.js';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { failedStarts } from './failed-starts.js';

const KEY = RULE_KEYS.failedStarts;
let kit: RuleKit;
const of = async (subject: string) => (await kit.open(KEY)).filter((i) => i.subjectKey === subject);

/** A session that runs `seconds` and ends with `wh`. */
async function attempt(stationId: string, seconds: number, wh: number): Promise<void> {
  const id = await kit.startSession(stationId, 1);
  await kit.meter(stationId, 1, id, { registerWh: 0 });
  kit.core.clock.advance(seconds * 1000);
  await kit.stopSession(stationId, id, wh);
  await kit.settle();
}

beforeAll(async () => {
  kit = await createRuleKit([failedStarts]);
  for (const id of ['FS-1', 'FS-2']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('failed starts', () => {
  it('raises at minFailures quick empty sessions, keeps it at ratePercent, clears below', async () => {
    await attempt('FS-1', 61, 0);
    await attempt('FS-1', 60, 0);
    await attempt('FS-1', 30, 0);
    expect(await of('connector:FS-1:1:1')).toEqual([]);
    await attempt('FS-1', 10, 0);
    // 3 failures of 4 attempts (the 61 s session is not a failed start).
    expect(await of('connector:FS-1:1:1')).toMatchObject([{ details: { failures: 3, attempts: 4 } }]);
    await attempt('FS-1', 10, 500);
    await attempt('FS-1', 10, 500);
    expect(await of('connector:FS-1:1:1')).toHaveLength(1);
    await attempt('FS-1', 10, 500);
    expect(await of('connector:FS-1:1:1')).toEqual([]);
  });

  it('counts refused tokens and rejected remote starts', async () => {
    await kit.startSession('FS-2', 1, 'UNKNOWN-1');
    const rejected = () => kit.core.bus.publish(commandEvent(kit.core.clock.now(), 'FS-2', { command: 'remote-start', idToken: 'TAG-OK', evseId: 1 }, { status: 'Rejected', error: null, sentBy: 'ops' }));
    rejected();
    await kit.settle();
    expect(await of('connector:FS-2:1:1')).toEqual([]);
    rejected();
    await kit.settle();
    expect(await of('connector:FS-2:1:1')).toMatchObject([{ details: { failures: 3, reasons: ['token refused (Unknown)', 'remote start Rejected', 'remote start Rejected'] } }]);
  });

  it('clears when the failures leave the window', async () => {
    await kit.sweep(3_600_000);
    expect(await of('connector:FS-2:1:1')).toEqual([]);
  });
});

describe('meter samples on the hot path', () => {
  it('are handled without a promise, including the one that judges a start a success', () => {
    // An evaluator of its own over the kit's real parts, fed directly, to see what onEvent returns.
    const evaluator = failedStarts({
      clock: kit.core.clock, sink: kit.incidents, settings: kit.settings, live: kit.live, logger: silentLogger,
      siteOf: (stationId) => kit.live.station(stationId)?.siteId ?? null,
    });
    const at = kit.core.clock.now().toISOString();
    const event = (type: string, data: Record<string, unknown>): DomainEvent => ({ type, at, stationId: 'FS-9', sessionId: 77, data: { evseId: 1, connectorId: 1, ...data } });
    expect(evaluator.onEvent!(event('meter.sample', { energyWh: 5 }))).toBeUndefined();
    expect(evaluator.onEvent!(event('session.started', { authStatus: 'Accepted' }))).toBeUndefined();
    expect(evaluator.onEvent!(event('meter.sample', { energyWh: 0 }))).toBeUndefined();
    expect(evaluator.onEvent!(event('meter.sample', { energyWh: 5 }))).toBeUndefined();
    expect(evaluator.onEvent!(event('meter.sample', { energyWh: 9 }))).toBeUndefined();
  });
});
