import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../ocpp/index.js';
import { TestCsms, testStationOptions, type CsmsCallOutcome } from '../test-kit/test-csms.js';
import { SimLocalList, type SimLocalListOptions } from './local-list.js';
import { SimStation } from './sim-station.js';

describe('the simulated local list', () => {
  const items = (...tokens: string[]) => tokens.map((idToken) => ({ idToken, status: 'Accepted' }));

  it.each([
    { name: 'a full update replaces the list', steps: [['Full', 1, items('A', 'B')], ['Full', 1, items('C')]], answers: ['Accepted', 'Accepted'], list: ['C'], version: 1 },
    { name: 'a differential adds and removes', steps: [['Full', 1, items('A', 'B')], ['Differential', 2, [{ idToken: 'A' }, ...items('C')]]], answers: ['Accepted', 'Accepted'], list: ['B', 'C'], version: 2 },
    { name: 'a differential not above the version is a mismatch', steps: [['Full', 5, items('A')], ['Differential', 5, items('B')]], answers: ['Accepted', 'VersionMismatch'], list: ['A'], version: 5 },
    { name: 'more entries than one message may carry fail', steps: [['Full', 1, items('A', 'B', 'C')]], answers: ['Failed'], list: [], version: 0, options: { perMessage: 2 } },
    { name: 'a list longer than the station holds fails and changes nothing', steps: [['Full', 1, items('A')], ['Differential', 2, items('B', 'C')]], answers: ['Accepted', 'Failed'], list: ['A'], version: 1, options: { maxLength: 2 } },
    { name: 'a switched-off list fails', steps: [['Full', 1, items('A')]], answers: ['Failed'], list: [], version: 0, options: { enabled: false } },
  ] as Array<{ name: string; steps: Array<['Full' | 'Differential', number, Array<{ idToken: string; status?: string }>]>; answers: string[]; list: string[]; version: number; options?: SimLocalListOptions }>)('$name', ({ steps, answers, list, version, options }) => {
    const l = new SimLocalList(options);
    expect(steps.map(([kind, v, entries]) => l.apply(kind, v, entries))).toEqual(answers);
    expect(l.list().map((e) => e.idToken)).toEqual(list);
    expect(l.version).toBe(version);
  });

  it('reports an entry past its expiry as Expired and ignores case', () => {
    const l = new SimLocalList();
    l.apply('Full', 1, [{ idToken: 'abc', status: 'Accepted', expiresAt: '2026-01-01T00:00:00Z' }]);
    expect(l.statusOf('ABC', Date.parse('2025-12-31T00:00:00Z'))).toBe('Accepted');
    expect(l.statusOf('ABC', Date.parse('2026-01-02T00:00:00Z'))).toBe('Expired');
    expect(l.statusOf('other', 0)).toBeUndefined();
  });
});

describe.each(['1.6', '2.0.1'] as const)('OCPP %s local list commands', (version) => {
  let csms: TestCsms;
  let s: SimStation | undefined;
  const v16 = version === '1.6';

  async function boot(localList?: SimLocalListOptions): Promise<SimStation> {
    s = new SimStation(testStationOptions(await csms.start(), `LL-SIM-${version}`, version, { localList }));
    await s.start();
    return s;
  }
  const result = (o: CsmsCallOutcome): Payload => {
    if ('error' in o) throw new Error(`CALLERROR ${o.error.code}: ${o.error.description}`);
    return o.result;
  };
  const cmd = async (action: string, payload: Payload) => result(await csms.call(s!.id, action, payload));
  const send = (kind: 'Full' | 'Differential', v: number, list: Array<{ token: string; status?: string }>) => cmd('SendLocalList', v16
    ? { listVersion: v, updateType: kind, localAuthorizationList: list.map((e) => ({ idTag: e.token, ...(e.status ? { idTagInfo: { status: e.status } } : {}) })) }
    : { versionNumber: v, updateType: kind, localAuthorizationList: list.map((e) => ({ idToken: { idToken: e.token, type: 'ISO14443' }, ...(e.status ? { idTokenInfo: { status: e.status } } : {}) })) });
  const listVersion = async () => {
    const res = await cmd('GetLocalListVersion', {});
    return v16 ? res.listVersion : res.versionNumber;
  };

  beforeEach(() => {
    csms = new TestCsms();
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
    await csms.close();
    // Every answer the station gave passed the official schema.
    expect(csms.invalid).toEqual([]);
  });

  it('keeps a versioned list with full and differential updates', async () => {
    await boot();
    expect(await listVersion()).toBe(0);
    expect(await send('Full', 3, [{ token: 'OK-1', status: 'Accepted' }, { token: 'BAD-1', status: 'Blocked' }])).toEqual({ status: 'Accepted' });
    expect(await send('Differential', 3, [{ token: 'OK-2', status: 'Accepted' }])).toEqual({ status: 'VersionMismatch' });
    expect(await send('Differential', 4, [{ token: 'OK-2', status: 'Accepted' }, { token: 'BAD-1' }])).toEqual({ status: 'Accepted' });
    expect(await listVersion()).toBe(4);
    expect(s!.localList.list().map((e) => `${e.idToken}:${e.status}`)).toEqual(['OK-1:Accepted', 'OK-2:Accepted']);
  });

  it('reports its list settings and can have the list switched off', async () => {
    await boot({ maxLength: 7, perMessage: 3 });
    if (v16) {
      const res = await cmd('GetConfiguration', { key: ['LocalAuthListEnabled', 'LocalAuthListMaxLength', 'SendLocalListMaxLength', 'SupportedFeatureProfiles'] });
      expect(res.configurationKey).toEqual([
        { key: 'LocalAuthListEnabled', readonly: false, value: 'true' }, { key: 'LocalAuthListMaxLength', readonly: true, value: '7' },
        { key: 'SendLocalListMaxLength', readonly: true, value: '3' }, { key: 'SupportedFeatureProfiles', readonly: true, value: 'Core,LocalAuthListManagement,RemoteTrigger' },
      ]);
      expect(await cmd('ChangeConfiguration', { key: 'LocalAuthListEnabled', value: 'false' })).toEqual({ status: 'Accepted' });
    } else {
      const get = (name: string) => ({ component: { name: 'LocalAuthListCtrlr' }, variable: { name } });
      const res = await cmd('GetVariables', { getVariableData: [get('Enabled'), get('ItemsPerMessage'), get('Entries')] });
      expect((res.getVariableResult as Array<{ attributeValue?: string }>).map((r) => r.attributeValue)).toEqual(['true', '3', '0']);
      const set = await cmd('SetVariables', { setVariableData: [{ ...get('Enabled'), attributeValue: 'false' }] });
      expect((set.setVariableResult as Array<{ attributeStatus: string }>)[0]!.attributeStatus).toBe('Accepted');
    }
    expect(s!.localList.enabled).toBe(false);
    expect(await send('Full', 1, [{ token: 'OK-1', status: 'Accepted' }])).toEqual({ status: 'Failed' });
  });

  it('answers NotSupported when it has no local list', async () => {
    await boot({ supported: false });
    expect(await csms.call(s!.id, 'GetLocalListVersion', {})).toMatchObject({ error: { code: 'NotSupported' } });
    expect(await csms.call(s!.id, 'SendLocalList', v16 ? { listVersion: 1, updateType: 'Full' } : { versionNumber: 1, updateType: 'Full' })).toMatchObject({ error: { code: 'NotSupported' } });
  });

  it('authorizes offline by its list: a listed Accepted token starts, a listed Blocked one does not', async () => {
    const station = await boot();
    await send('Full', 1, [{ token: 'OK-1', status: 'Accepted' }, { token: 'BAD-1', status: 'Blocked' }]);
    csms.refuse = true;
    csms.drop(station.id);
    await csms.waitFor(() => !station.connected || undefined, 5_000, 'offline');
    await station.authorizeAndStart(1, 'BAD-1');
    expect(station.connectors[0]!.tx).toBeUndefined();
    await station.authorizeAndStart(2, 'OK-1');
    expect(station.connectors[1]!.tx?.idToken).toBe('OK-1');
  });
});
