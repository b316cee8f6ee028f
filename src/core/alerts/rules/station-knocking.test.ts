import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { cameraAlarms } from './camera-alarms.js';
import { RULE_KEYS } from './catalog.js';
import { stationKnocking } from './station-knocking.js';

let kit: RuleKit;
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);
const knock = (stationId: string, remoteAddress: string, password?: string) =>
  kit.core.stations.admit({ stationId, remoteAddress, version: '1.6', tls: false, ...(password ? { basicAuth: { username: stationId, password } } : {}) });

beforeAll(async () => {
  kit = await createRuleKit([stationKnocking, cameraAlarms], { unknownStations: 'reject' });
  await kit.core.stations.create({ id: 'LOCKED-1', password: 'correct-horse-battery-staple' });
  await kit.core.stations.create({ id: 'BANNED-1', admission: 'rejected' });
});
afterAll(async () => kit.close());

describe('unknown stations knocking', () => {
  it('raises per identity and per address at the 5th refused attempt, and clears after a quiet window', async () => {
    for (let i = 0; i < 4; i++) expect(await knock('GHOST-1', '10.0.0.7')).toMatchObject({ admit: false, status: 404 });
    await kit.settle();
    expect(await kit.open(RULE_KEYS.unknownStationAttempts)).toEqual([]);
    await knock('GHOST-1', '10.0.0.7');
    await kit.settle();
    expect(await of(RULE_KEYS.unknownStationAttempts, 'station:GHOST-1')).toMatchObject([{ details: { attempts: 5, lastAddress: '10.0.0.7' } }]);
    expect(await of(RULE_KEYS.unknownStationAttempts, 'address:10.0.0.7')).toMatchObject([{ details: { attempts: 5 } }]);
    // Unknown identities are knocking, not failed logins.
    expect(await kit.open(RULE_KEYS.stationLoginFailures)).toEqual([]);
    await kit.sweep(599_000);
    expect(await kit.open(RULE_KEYS.unknownStationAttempts)).toHaveLength(2);
    await kit.sweep(1_000);
    expect(await kit.open(RULE_KEYS.unknownStationAttempts)).toEqual([]);
  });

  it('counts a rejected station and many identities from one address', async () => {
    for (const id of ['SCAN-1', 'SCAN-2', 'SCAN-3', 'BANNED-1']) await knock(id, '10.0.0.8');
    await kit.settle();
    expect(await of(RULE_KEYS.unknownStationAttempts, 'address:10.0.0.8')).toEqual([]);
    expect(await knock('BANNED-1', '10.0.0.8')).toMatchObject({ status: 403 });
    await kit.settle();
    expect(await of(RULE_KEYS.unknownStationAttempts, 'address:10.0.0.8')).toMatchObject([{ details: { attempts: 5, lastIdentity: 'BANNED-1' } }]);
    expect(await of(RULE_KEYS.unknownStationAttempts, 'station:BANNED-1')).toEqual([]);
    await kit.sweep(600_000);
  });
});

describe('failed station logins', () => {
  it('raises on the identity and the address at the 5th wrong password, not before', async () => {
    for (let i = 0; i < 4; i++) expect(await knock('LOCKED-1', '10.0.1.1', 'wrong-password-123456')).toMatchObject({ admit: false, status: 401 });
    await kit.settle();
    expect(await kit.open(RULE_KEYS.stationLoginFailures)).toEqual([]);
    await knock('LOCKED-1', '10.0.1.1', 'wrong-password-123456');
    await kit.settle();
    expect(await of(RULE_KEYS.stationLoginFailures, 'station:LOCKED-1')).toMatchObject([{ details: { attempts: 5, lastAddress: '10.0.1.1' } }]);
    expect(await of(RULE_KEYS.stationLoginFailures, 'address:10.0.1.1')).toHaveLength(1);
    expect(await kit.open(RULE_KEYS.unknownStationAttempts)).toEqual([]);
    await kit.sweep(600_000);
    expect(await kit.open(RULE_KEYS.stationLoginFailures)).toEqual([]);
  });
});

describe('camera alarms', () => {
  it('raises critical on mapped stations for tamper or intrusion, on the camera when unmapped, and ignores motion', async () => {
    const publish = (data: Record<string, unknown>) => kit.core.bus.publish({ type: 'security.camera_event', at: kit.core.clock.now().toISOString(), data: { sourceId: 's1', sourceName: 'NVR', at: kit.core.clock.now().toISOString(), ...data } });
    publish({ cameraId: 'cam-1', eventType: 'motion', siteId: null, stationIds: ['LOCKED-1'] });
    publish({ cameraId: 'cam-1', eventType: 'tamper', siteId: null, stationIds: ['LOCKED-1'] });
    publish({ cameraId: 'cam-9', eventType: 'intrusion', siteId: null, stationIds: [] });
    await kit.settle();
    expect(await of(RULE_KEYS.cameraAlarm, 'station:LOCKED-1')).toMatchObject([{ severity: 'critical', occurrences: 1, details: { eventType: 'tamper', cameraId: 'cam-1' } }]);
    expect(await of(RULE_KEYS.cameraAlarm, 'address:camera:NVR/cam-9')).toMatchObject([{ severity: 'critical' }]);
    expect(await kit.open(RULE_KEYS.cameraAlarm)).toHaveLength(2);
  });
});
