import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/shared/app-error.js';
import { FakeStationLink } from '../../test-kit/station-link.js';
import { createV16Commands } from './commands.js';

const setup = () => {
  const link = new FakeStationLink({ CP1: '1.6' });
  return { link, commands: createV16Commands(link) };
};

describe('1.6 commands', () => {
  it('resets soft and hard', async () => {
    const { link, commands } = setup();
    link.answer('Reset', { status: 'Accepted' });
    expect(await commands.reset('CP1', 'soft')).toEqual({ status: 'Accepted', raw: { status: 'Accepted' } });
    await commands.reset('CP1', 'hard');
    expect(link.calls.map((c) => c.payload)).toEqual([{ type: 'Soft' }, { type: 'Hard' }]);
  });

  it('starts remotely on EVSE N as connector N, and stops by integer transaction id', async () => {
    const { link, commands } = setup();
    link.answer('RemoteStartTransaction', { status: 'Accepted' }).answer('RemoteStopTransaction', { status: 'Rejected' });
    await commands.remoteStart('CP1', { evseId: 2, idToken: 'TAG1' });
    await commands.remoteStart('CP1', { idToken: 'TAG2' });
    expect((await commands.remoteStop('CP1', '17')).status).toBe('Rejected');
    expect(link.calls.map((c) => [c.action, c.payload])).toEqual([
      ['RemoteStartTransaction', { idTag: 'TAG1', connectorId: 2 }],
      ['RemoteStartTransaction', { idTag: 'TAG2' }],
      ['RemoteStopTransaction', { transactionId: 17 }],
    ]);
    await expect(commands.remoteStop('CP1', 'abc-uuid')).rejects.toThrow(ValidationError);
  });

  it('unlocks and changes availability by 1.6 connector (0 = whole station)', async () => {
    const { link, commands } = setup();
    link.answer('UnlockConnector', { status: 'Unlocked' }).answer('ChangeAvailability', { status: 'Scheduled' });
    expect((await commands.unlockConnector('CP1', 3, 1)).status).toBe('Unlocked');
    expect((await commands.changeAvailability('CP1', 'inoperative')).status).toBe('Scheduled');
    await commands.changeAvailability('CP1', 'operative', 2);
    expect(link.calls.map((c) => c.payload)).toEqual([{ connectorId: 3 }, { connectorId: 0, type: 'Inoperative' }, { connectorId: 2, type: 'Operative' }]);
  });

  it('reads configuration and changes it one key per call', async () => {
    const { link, commands } = setup();
    link.answer('GetConfiguration', { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }, { key: 'NumberOfConnectors', readonly: true }], unknownKey: ['Nope'] });
    link.answer('ChangeConfiguration', (p) => ({ status: p.key === 'HeartbeatInterval' ? 'Accepted' : 'NotSupported' }));
    const config = await commands.getConfiguration('CP1', ['HeartbeatInterval', 'NumberOfConnectors', 'Nope']);
    expect(config.entries).toEqual([{ key: 'HeartbeatInterval', value: '300', readonly: false }, { key: 'NumberOfConnectors', value: null, readonly: true }]);
    expect(config.unknownKeys).toEqual(['Nope']);
    await commands.getConfiguration('CP1');
    expect(link.calls[1]?.payload).toEqual({});
    const answers = await commands.changeConfiguration('CP1', [{ key: 'HeartbeatInterval', value: '60' }, { key: 'Foo', value: 'x' }]);
    expect(answers.map((a) => a.status)).toEqual(['Accepted', 'NotSupported']);
    expect(link.calls.slice(2).map((c) => c.payload)).toEqual([{ key: 'HeartbeatInterval', value: '60' }, { key: 'Foo', value: 'x' }]);
  });

  it('triggers messages, using ExtendedTriggerMessage for the security extension', async () => {
    const { link, commands } = setup();
    link.answer('TriggerMessage', { status: 'Accepted' }).answer('ExtendedTriggerMessage', { status: 'Accepted' });
    await commands.triggerMessage('CP1', 'StatusNotification', 2);
    await commands.triggerMessage('CP1', 'LogStatusNotification');
    await commands.triggerMessage('CP1', 'SignChargingStationCertificate');
    expect(link.calls.map((c) => [c.action, c.payload])).toEqual([
      ['TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 }],
      ['ExtendedTriggerMessage', { requestedMessage: 'LogStatusNotification' }],
      ['ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' }],
    ]);
    await expect(commands.triggerMessage('CP1', 'TransactionEvent')).rejects.toThrow(/MeterValues/);
  });

  it('clears the cache and transfers data', async () => {
    const { link, commands } = setup();
    link.answer('ClearCache', { status: 'Accepted' }).answer('DataTransfer', { status: 'Accepted', data: 'pong' });
    expect((await commands.clearCache('CP1')).status).toBe('Accepted');
    expect(await commands.dataTransfer('CP1', 'acme', 'ping', 'hi')).toEqual({ status: 'Accepted', data: 'pong', raw: { status: 'Accepted', data: 'pong' } });
    expect(link.calls[1]?.payload).toEqual({ vendorId: 'acme', messageId: 'ping', data: 'hi' });
  });
});
