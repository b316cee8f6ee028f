import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { authFailures } from './auth-failures.js';
import { RULE_KEYS } from './catalog.js';
import { securityEvents } from './security-events.js';

let kit: RuleKit;
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([securityEvents, authFailures]);
  for (const id of ['SEC-1', 'SEC-2', 'SEC-3']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('security events', () => {
  it('raises critical for a critical type, counts further events, and ignores routine ones', async () => {
    await kit.core.stations.securityEvent('SEC-1', { type: 'TamperDetectionActivated', timestamp: kit.core.clock.now(), techInfo: 'door' });
    await kit.core.stations.securityEvent('SEC-1', { type: 'InvalidFirmwareSignature', timestamp: kit.core.clock.now() });
    await kit.core.stations.securityEvent('SEC-2', { type: 'StartupOfTheDevice', timestamp: kit.core.clock.now() });
    await kit.core.stations.securityEvent('SEC-3', { type: 'InvalidFirmwareSignature', timestamp: kit.core.clock.now() });
    await kit.settle();
    expect(await of(RULE_KEYS.securityEvent, 'station:SEC-1')).toMatchObject([{ severity: 'critical', occurrences: 2, details: { type: 'InvalidFirmwareSignature' } }]);
    expect(await of(RULE_KEYS.securityEvent, 'station:SEC-2')).toEqual([]);
    expect(await of(RULE_KEYS.securityEvent, 'station:SEC-3')).toMatchObject([{ severity: 'warning' }]);
  });
});

describe('failed authorizations', () => {
  it('raises per token at the 3rd refusal and per station at the 5th, and clears after a quiet window', async () => {
    const refuse = (token: string) => kit.core.tokens.authorize(token, { stationId: 'SEC-2' });
    await refuse('CARD-A');
    await refuse('CARD-A');
    await kit.core.tokens.authorize('CARD-A', { stationId: 'SEC-2', where: 'stop' });
    await kit.core.tokens.authorize('TAG-OK', { stationId: 'SEC-2' });
    await kit.settle();
    expect(await of(RULE_KEYS.tokenAuthFailures, 'token:card-a')).toEqual([]);
    await refuse('card-a');
    await kit.settle();
    expect(await of(RULE_KEYS.tokenAuthFailures, 'token:card-a')).toMatchObject([{ details: { failures: 3 } }]);
    expect(await of(RULE_KEYS.stationAuthFailures, 'station:SEC-2')).toEqual([]);
    await refuse('CARD-B');
    await refuse('CARD-C');
    await kit.settle();
    expect(await of(RULE_KEYS.stationAuthFailures, 'station:SEC-2')).toMatchObject([{ details: { failures: 5 } }]);
    await kit.sweep(599_000);
    expect(await of(RULE_KEYS.stationAuthFailures, 'station:SEC-2')).toHaveLength(1);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.stationAuthFailures, 'station:SEC-2')).toEqual([]);
    expect(await of(RULE_KEYS.tokenAuthFailures, 'token:card-a')).toEqual([]);
  });
});
