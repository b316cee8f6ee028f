import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { stationOffline } from './station-offline.js';

const KEY = RULE_KEYS.stationOffline;
let kit: RuleKit;

beforeAll(async () => {
  kit = await createRuleKit([stationOffline]);
});
afterAll(async () => kit.close());

describe('station offline', () => {
  it('raises when the socket closes and resolves when the station connects again', async () => {
    await kit.core.connect('OFF-1');
    await kit.core.stations.disconnected('OFF-1', { code: 1006, reason: 'no pong', replaced: false });
    await kit.settle();
    expect(await kit.open(KEY)).toMatchObject([{ subjectKey: 'station:OFF-1', severity: 'critical', details: { cause: 'socket_closed', code: 1006, reason: 'no pong' } }]);
    kit.core.clock.advance(30_000);
    await kit.core.connect('OFF-1');
    await kit.settle();
    expect(await kit.open(KEY)).toEqual([]);
    expect((await kit.all(KEY)).filter((i) => i.subjectKey === 'station:OFF-1')).toMatchObject([{ state: 'resolved', resolutionNote: 'station connected' }]);
  });

  it('ignores a socket replaced by a newer one', async () => {
    await kit.core.connect('OFF-2');
    await kit.core.stations.disconnected('OFF-2', { code: 1000, reason: 'replaced', replaced: true });
    await kit.settle();
    expect((await kit.all(KEY)).filter((i) => i.subjectKey === 'station:OFF-2')).toEqual([]);
  });

  it('raises when nothing arrives for heartbeat interval × factor, and clears on the next heartbeat', async () => {
    await kit.configure(KEY, { params: { heartbeatIntervalS: 30, heartbeatFactor: 2 } });
    await kit.core.connect('OFF-3');
    await kit.sweep(60_000);
    expect((await kit.open(KEY)).filter((i) => i.subjectKey === 'station:OFF-3')).toEqual([]);
    await kit.sweep(1_000);
    expect((await kit.open(KEY)).filter((i) => i.subjectKey === 'station:OFF-3')).toMatchObject([{ details: { cause: 'heartbeat_overdue', silentS: 61, limitS: 60 } }]);
    kit.core.stations.heartbeat('OFF-3');
    await kit.settle();
    expect((await kit.open(KEY)).filter((i) => i.subjectKey === 'station:OFF-3')).toEqual([]);
    await kit.configure(KEY, { params: { heartbeatIntervalS: 300, heartbeatFactor: 2 } });
  });

  it('raises nothing while the rule is disabled', async () => {
    await kit.configure(KEY, { enabled: false });
    await kit.core.connect('OFF-4');
    await kit.core.stations.disconnected('OFF-4', { code: 1006, reason: '', replaced: false });
    await kit.settle();
    expect((await kit.all(KEY)).filter((i) => i.subjectKey === 'station:OFF-4')).toEqual([]);
    await kit.configure(KEY, { enabled: true });
  });
});
