import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuleKit, type RuleKit } from '../../../test-kit/rules.js';
import { RULE_KEYS } from './catalog.js';
import { stationOperations } from './station-operations.js';

let kit: RuleKit;
const of = async (key: string, subject: string) => (await kit.open(key)).filter((i) => i.subjectKey === subject);

beforeAll(async () => {
  kit = await createRuleKit([stationOperations]);
  for (const id of ['O-1', 'O-2']) await kit.core.connect(id);
});
afterAll(async () => kit.close());

describe('firmware and uploads', () => {
  it('raises on a failed firmware update and clears when a firmware is installed', async () => {
    await kit.core.stations.firmwareStatus('O-1', { status: 'Downloading' });
    await kit.settle();
    expect(await of(RULE_KEYS.firmwareFailed, 'station:O-1')).toEqual([]);
    await kit.core.stations.firmwareStatus('O-1', { status: 'InvalidSignature', requestId: 7, signed: true });
    await kit.settle();
    expect(await of(RULE_KEYS.firmwareFailed, 'station:O-1')).toMatchObject([{ details: { status: 'InvalidSignature', requestId: 7, signed: true } }]);
    await kit.core.stations.firmwareStatus('O-1', { status: 'Installed' });
    await kit.settle();
    expect(await of(RULE_KEYS.firmwareFailed, 'station:O-1')).toEqual([]);
  });

  it('raises on a failed diagnostics upload and clears on a successful log upload', async () => {
    await kit.core.stations.diagnosticsStatus('O-1', { status: 'UploadFailed' });
    await kit.settle();
    expect(await of(RULE_KEYS.uploadFailed, 'station:O-1')).toHaveLength(1);
    await kit.core.stations.logStatus('O-1', { status: 'Uploaded', requestId: 3 });
    await kit.settle();
    expect(await of(RULE_KEYS.uploadFailed, 'station:O-1')).toEqual([]);
  });
});

describe('reboot loop', () => {
  it('raises at more than maxBootsPerHour boots within an hour and clears after an hour without one', async () => {
    const boot = () => kit.core.stations.boot('O-2', '1.6', { vendor: 'V', model: 'M', reason: 'PowerUp' });
    for (let i = 0; i < 3; i++) {
      await boot();
      kit.core.clock.advance(60_000);
    }
    await kit.settle();
    expect(await of(RULE_KEYS.rebootLoop, 'station:O-2')).toEqual([]);
    await boot();
    await kit.settle();
    expect(await of(RULE_KEYS.rebootLoop, 'station:O-2')).toMatchObject([{ details: { boots: 4, maxBootsPerHour: 3 } }]);
    await kit.sweep(3_599_000);
    expect(await of(RULE_KEYS.rebootLoop, 'station:O-2')).toHaveLength(1);
    await kit.sweep(1_000);
    expect(await of(RULE_KEYS.rebootLoop, 'station:O-2')).toEqual([]);
  });
});
