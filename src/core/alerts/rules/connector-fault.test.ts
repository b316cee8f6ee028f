import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandEvent } from '../../commands/index.js';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { connectorFault } from './connector-fault.js';

let kit: RuleKit;
const status = (stationId: string, evseId: number, s: string, extra: { errorCode?: string; info?: string; vendorErrorCode?: string } = {}) =>
  kit.core.stations.statusChanged(stationId, { evseId, connectorId: evseId === 0 ? 0 : 1, status: s, timestamp: kit.core.clock.now(), ...extra });
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([connectorFault]);
  for (const id of ['F-1', 'F-2', 'F-3']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('connector faulted', () => {
  it('raises with the error code, info and vendor code, and clears when the connector is Available', async () => {
    await status('F-1', 1, 'Faulted', { errorCode: 'GroundFailure', info: 'RCD tripped', vendorErrorCode: 'E42' });
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'connector:F-1:1:1')).toMatchObject([{
      title: 'F-1 connector 1 Faulted: GroundFailure, RCD tripped, vendor E42', severity: 'warning',
      details: { errorCode: 'GroundFailure', info: 'RCD tripped', vendorErrorCode: 'E42' },
    }]);
    await status('F-1', 1, 'Available');
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'connector:F-1:1:1')).toEqual([]);
  });

  it('raises on the station when connector 0 (the station) is Faulted', async () => {
    await status('F-1', 0, 'Faulted', { errorCode: 'InternalError' });
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'station:F-1')).toHaveLength(1);
    await status('F-1', 0, 'Available');
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'station:F-1')).toEqual([]);
  });

  it('counts a different fault as a new occurrence, and the same fault reported again not', async () => {
    await status('F-3', 1, 'Faulted', { errorCode: 'HighTemperature' });
    kit.core.clock.advance(1_000);
    await status('F-3', 1, 'Faulted', { errorCode: 'HighTemperature' });
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'connector:F-3:1:1')).toMatchObject([{ occurrences: 1 }]);
    kit.core.clock.advance(1_000);
    await status('F-3', 1, 'Faulted', { errorCode: 'OverCurrentFailure' });
    await kit.settle();
    expect(await of(RULE_KEYS.connectorFaulted, 'connector:F-3:1:1')).toMatchObject([{ occurrences: 2, title: 'F-3 connector 1 Faulted: OverCurrentFailure' }]);
    await status('F-3', 1, 'Available');
    await kit.settle();
  });
});

describe('connector unavailable', () => {
  it('raises after the grace time, not before, and clears when it works again', async () => {
    await status('F-2', 1, 'Unavailable');
    await kit.sweep(119_000);
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-2:1:1')).toEqual([]);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-2:1:1')).toHaveLength(1);
    await status('F-2', 1, 'Available');
    await kit.settle();
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-2:1:1')).toEqual([]);
  });

  it('does not raise when an operator made the connector inoperative', async () => {
    kit.core.bus.publish(commandEvent(kit.core.clock.now(), 'F-3', { command: 'availability', availability: 'inoperative', evseId: 2 }, { status: 'Accepted', error: null, sentBy: 'ops' }));
    await status('F-3', 2, 'Unavailable');
    await status('F-3', 1, 'Unavailable');
    await kit.sweep(600_000);
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-3:2:1')).toEqual([]);
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-3:1:1')).toHaveLength(1);
  });

  it('raises again once the operator made it operative', async () => {
    kit.core.bus.publish(commandEvent(kit.core.clock.now(), 'F-3', { command: 'availability', availability: 'operative', evseId: 2 }, { status: 'Accepted', error: null, sentBy: 'ops' }));
    await status('F-3', 2, 'Available');
    await status('F-3', 2, 'Unavailable');
    await kit.sweep(120_000);
    expect(await of(RULE_KEYS.connectorUnavailable, 'connector:F-3:2:1')).toHaveLength(1);
  });
});
