import { describe, expect, it } from 'vitest';
import type { ListUpdate } from '../core/local-lists/index.js';
import { StationUnavailableError } from '../core/shared/app-error.js';
import { CallFailure } from '../gateway/types.js';
import { FakeStationLink } from '../test-kit/station-link.js';
import { createLocalListCommands } from './local-list-commands.js';

const setup = () => {
  const link = new FakeStationLink({ CP16: '1.6', CP201: '2.0.1' });
  return { link, commands: createLocalListCommands(link) };
};

const update: ListUpdate = {
  version: 7, kind: 'Differential',
  changes: [
    { idToken: 'TAG-A', type: 'ISO14443', entry: { idToken: 'TAG-A', type: 'ISO14443', status: 'Accepted', expiresAt: new Date('2026-06-01T00:00:00Z'), groupId: 'FLEET' } },
    { idToken: 'PIN-9', type: 'SomethingElse', entry: { idToken: 'PIN-9', type: 'SomethingElse', status: 'Blocked', expiresAt: null, groupId: null } },
    { idToken: 'GONE', type: 'KeyCode' },
  ],
};
const unsupported = () => new CallFailure('callerror', 'not here', 'NotSupported');

describe('local list commands', () => {
  it('sends a 1.6 SendLocalList: idTagInfo with expiry and parent, none for a removal', async () => {
    const { link, commands } = setup();
    link.answer('SendLocalList', { status: 'VersionMismatch' });
    expect((await commands.sendLocalList('CP16', update)).status).toBe('VersionMismatch');
    expect(link.calls[0]!.payload).toEqual({
      listVersion: 7, updateType: 'Differential', localAuthorizationList: [
        { idTag: 'TAG-A', idTagInfo: { status: 'Accepted', expiryDate: '2026-06-01T00:00:00.000Z', parentIdTag: 'FLEET' } },
        { idTag: 'PIN-9', idTagInfo: { status: 'Blocked' } },
        { idTag: 'GONE' },
      ],
    });
  });

  it('sends a 2.0.1 SendLocalList: idTokenInfo with cache expiry and group, unknown types as Local', async () => {
    const { link, commands } = setup();
    link.answer('SendLocalList', { status: 'Accepted' });
    expect((await commands.sendLocalList('CP201', update)).status).toBe('Accepted');
    expect(link.calls[0]!.payload).toEqual({
      versionNumber: 7, updateType: 'Differential', localAuthorizationList: [
        { idToken: { idToken: 'TAG-A', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2026-06-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET', type: 'Central' } } },
        { idToken: { idToken: 'PIN-9', type: 'Local' }, idTokenInfo: { status: 'Blocked' } },
        { idToken: { idToken: 'GONE', type: 'KeyCode' } },
      ],
    });
  });

  it('sends an empty full list without entries (2.0.1 allows no empty array)', async () => {
    const { link, commands } = setup();
    link.answer('SendLocalList', { status: 'Accepted' });
    await commands.sendLocalList('CP201', { version: 1, kind: 'Full', changes: [] });
    await commands.sendLocalList('CP16', { version: 1, kind: 'Full', changes: [] });
    expect(link.calls.map((c) => c.payload)).toEqual([{ versionNumber: 1, updateType: 'Full' }, { listVersion: 1, updateType: 'Full' }]);
  });

  it('reads list versions: 1.6 -1 and CALLERROR NotSupported mean no local list', async () => {
    const { link, commands } = setup();
    link.answer('GetLocalListVersion', { listVersion: -1 });
    expect((await commands.getLocalListVersion('CP16')).version).toBeNull();
    link.answer('GetLocalListVersion', { listVersion: 12 });
    expect((await commands.getLocalListVersion('CP16')).version).toBe(12);
    link.answer('GetLocalListVersion', { versionNumber: 3 });
    expect((await commands.getLocalListVersion('CP201')).version).toBe(3);
    link.answer('GetLocalListVersion', unsupported()).answer('SendLocalList', unsupported());
    expect((await commands.getLocalListVersion('CP201')).version).toBeNull();
    expect((await commands.sendLocalList('CP16', update)).status).toBe('NotSupported');
  });

  it('passes other failures on', async () => {
    const { link, commands } = setup();
    link.answer('SendLocalList', new CallFailure('callerror', 'broken', 'InternalError'));
    await expect(commands.sendLocalList('CP201', update)).rejects.toMatchObject({ code: 'station_error' });
    link.answer('SendLocalList', new CallFailure('timeout', 'late'));
    await expect(commands.sendLocalList('CP16', update)).rejects.toBeInstanceOf(StationUnavailableError);
    await expect(commands.getLocalListVersion('NOPE')).rejects.toBeInstanceOf(StationUnavailableError);
    expect(commands.isConnected('CP16')).toBe(true);
    expect(commands.isConnected('NOPE')).toBe(false);
  });

  it('reads the station\'s limits from 1.6 configuration keys and 2.0.1 LocalAuthListCtrlr variables', async () => {
    const { link, commands } = setup();
    link.answer('GetConfiguration', { configurationKey: [{ key: 'LocalAuthListEnabled', readonly: false, value: 'TRUE' }, { key: 'LocalAuthListMaxLength', readonly: true, value: '500' }], unknownKey: ['SendLocalListMaxLength'] });
    expect(await commands.readLimits('CP16')).toEqual({ enabled: true, maxEntries: 500, perMessage: null, maxTokenLength: 20 });
    const result = (name: string, attributeValue: string) => ({ attributeStatus: 'Accepted', attributeValue, component: { name: 'LocalAuthListCtrlr' }, variable: { name } });
    link.answer('GetVariables', { getVariableResult: [result('Enabled', 'false'), result('ItemsPerMessage', '50')] });
    expect(await commands.readLimits('CP201')).toEqual({ enabled: false, maxEntries: null, perMessage: 50, maxTokenLength: 36 });
    link.answer('GetVariables', { getVariableResult: [{ attributeStatus: 'UnknownComponent', component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'Enabled' } }] });
    expect(await commands.readLimits('CP201')).toEqual({ enabled: null, maxEntries: null, perMessage: null, maxTokenLength: 36 });
  });
});
