import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/shared/app-error.js';
import { FakeStationLink } from '../../test-kit/station-link.js';
import { createV201Commands } from './commands.js';
import { DEFAULT_VARIABLE_KEYS } from './variable-key.js';

const setup = () => {
  const link = new FakeStationLink({ CS1: '2.0.1' });
  return { link, commands: createV201Commands(link, { remoteStartId: () => 42 }) };
};

describe('2.0.1 commands', () => {
  it('resets OnIdle (soft) and Immediate (hard)', async () => {
    const { link, commands } = setup();
    link.answer('Reset', { status: 'Scheduled' });
    expect((await commands.reset('CS1', 'soft')).status).toBe('Scheduled');
    await commands.reset('CS1', 'hard');
    expect(link.calls.map((c) => c.payload)).toEqual([{ type: 'OnIdle' }, { type: 'Immediate' }]);
  });

  it('requests start with an id token, EVSE and remoteStartId, and stop by transaction id', async () => {
    const { link, commands } = setup();
    link.answer('RequestStartTransaction', { status: 'Accepted', transactionId: 'tx-9' }).answer('RequestStopTransaction', { status: 'Accepted' });
    const started = await commands.remoteStart('CS1', { evseId: 1, idToken: 'APPUSER', idTokenType: 'KeyCode' });
    expect(started.raw).toEqual({ status: 'Accepted', transactionId: 'tx-9' });
    await commands.remoteStart('CS1', { idToken: 'OPS', remoteStartId: 7 });
    await commands.remoteStop('CS1', 'tx-9');
    expect(link.calls.map((c) => c.payload)).toEqual([
      { idToken: { idToken: 'APPUSER', type: 'KeyCode' }, remoteStartId: 42, evseId: 1 },
      { idToken: { idToken: 'OPS', type: 'Central' }, remoteStartId: 7 },
      { transactionId: 'tx-9' },
    ]);
  });

  it('unlocks a connector of an EVSE and changes availability of the station or one EVSE', async () => {
    const { link, commands } = setup();
    link.answer('UnlockConnector', { status: 'UnlockFailed' }).answer('ChangeAvailability', { status: 'Accepted' });
    expect((await commands.unlockConnector('CS1', 2, 1)).status).toBe('UnlockFailed');
    await commands.changeAvailability('CS1', 'inoperative');
    await commands.changeAvailability('CS1', 'operative', 2, 1);
    expect(link.calls.map((c) => c.payload)).toEqual([
      { evseId: 2, connectorId: 1 },
      { operationalStatus: 'Inoperative' },
      { operationalStatus: 'Operative', evse: { id: 2, connectorId: 1 } },
    ]);
  });

  it('reads variables by flat key, separating unknown ones, with a default list when none is named', async () => {
    const { link, commands } = setup();
    link.answer('GetVariables', (p) => ({
      getVariableResult: (p.getVariableData as { component: { name: string }; variable: { name: string } }[]).map((d) =>
        d.component.name === 'Nope' ? { ...d, attributeStatus: 'UnknownComponent' } : d.variable.name === 'Secret' ? { ...d, attributeStatus: 'Rejected' } : { ...d, attributeStatus: 'Accepted', attributeValue: '5' },
      ),
    }));
    const answer = await commands.getConfiguration('CS1', ['OCPPCommCtrlr.HeartbeatInterval', 'EVSE@1:2.Power/L1', 'SecurityCtrlr.Secret', 'Nope.X']);
    expect(link.calls[0]?.payload).toEqual({
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'EVSE', evse: { id: 1, connectorId: 2 } }, variable: { name: 'Power', instance: 'L1' } },
        { component: { name: 'SecurityCtrlr' }, variable: { name: 'Secret' } },
        { component: { name: 'Nope' }, variable: { name: 'X' } },
      ],
    });
    expect(answer.entries).toEqual([
      { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '5', readonly: false },
      { key: 'EVSE@1:2.Power/L1', value: '5', readonly: false },
      { key: 'SecurityCtrlr.Secret', value: null, readonly: false, status: 'Rejected' },
    ]);
    expect(answer.unknownKeys).toEqual(['Nope.X']);
    await commands.getConfiguration('CS1');
    expect((link.calls[1]?.payload.getVariableData as unknown[]).length).toBe(DEFAULT_VARIABLE_KEYS.length);
    await expect(commands.getConfiguration('CS1', ['no-dot'])).rejects.toThrow(ValidationError);
  });

  it('sets variables in one call and answers per change, matched by key', async () => {
    const { link, commands } = setup();
    link.answer('SetVariables', (p) => ({
      setVariableResult: [...(p.setVariableData as { component: object; variable: { name: string } }[])].reverse().map((d) => ({
        component: d.component, variable: d.variable, attributeStatus: d.variable.name === 'HeartbeatInterval' ? 'Accepted' : 'RebootRequired',
      })),
    }));
    const answers = await commands.changeConfiguration('CS1', [{ key: 'OCPPCommCtrlr.HeartbeatInterval', value: '60' }, { key: 'SecurityCtrlr.SecurityProfile', value: '2' }]);
    expect(answers.map((a) => a.status)).toEqual(['Accepted', 'RebootRequired']);
    expect(link.calls).toHaveLength(1);
    expect(link.calls[0]?.payload).toEqual({ setVariableData: [
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '60' },
      { component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' }, attributeValue: '2' },
    ] });
  });

  it('triggers messages for an EVSE, refusing DiagnosticsStatusNotification', async () => {
    const { link, commands } = setup();
    link.answer('TriggerMessage', { status: 'Accepted' });
    await commands.triggerMessage('CS1', 'TransactionEvent', 1);
    await commands.triggerMessage('CS1', 'BootNotification');
    expect(link.calls.map((c) => c.payload)).toEqual([{ requestedMessage: 'TransactionEvent', evse: { id: 1 } }, { requestedMessage: 'BootNotification' }]);
    await expect(commands.triggerMessage('CS1', 'DiagnosticsStatusNotification')).rejects.toThrow(/LogStatusNotification/);
  });

  it('clears the cache and transfers data', async () => {
    const { link, commands } = setup();
    link.answer('ClearCache', { status: 'Rejected' }).answer('DataTransfer', { status: 'UnknownVendorId' });
    expect((await commands.clearCache('CS1')).status).toBe('Rejected');
    expect(await commands.dataTransfer('CS1', 'acme')).toEqual({ status: 'UnknownVendorId', raw: { status: 'UnknownVendorId' } });
    expect(link.calls[1]?.payload).toEqual({ vendorId: 'acme' });
  });
});
