import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../ocpp/index.js';
import { SimStation } from './sim-station.js';
import { TestCsms, testStationOptions, type CsmsCallOutcome } from '../test-kit/test-csms.js';
import type { SimStationOptions } from './types.js';

let csms: TestCsms;
let s: SimStation;

async function boot(overrides: Partial<SimStationOptions> = {}): Promise<void> {
  s = new SimStation(testStationOptions(await csms.start(), 'CMD-16', '1.6', overrides));
  await s.start();
  await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length >= 3, 5_000, 'boot statuses');
}

function result(o: CsmsCallOutcome): Payload {
  if ('error' in o) throw new Error(`CALLERROR ${o.error.code}: ${o.error.description}`);
  return o.result;
}

const cmd = async (action: string, payload: Payload): Promise<Payload> => result(await csms.call(s.id, action, payload));

beforeEach(() => {
  csms = new TestCsms();
});

afterEach(async () => {
  await s.stop();
  await csms.close();
  expect(csms.invalid).toEqual([]);
});

describe('1.6 commands', () => {
  it('GetConfiguration lists the keys with read-only flags and reports unknown keys', async () => {
    await boot();
    const all = await cmd('GetConfiguration', {});
    const keys = all.configurationKey as { key: string; readonly: boolean; value?: string }[];
    expect(keys.map((k) => k.key)).toEqual(expect.arrayContaining([
      'HeartbeatInterval', 'MeterValueSampleInterval', 'MeterValuesSampledData', 'NumberOfConnectors', 'ConnectionTimeOut',
      'AuthorizeRemoteTxRequests', 'LocalPreAuthorize', 'StopTransactionOnInvalidId',
    ]));
    expect(keys.find((k) => k.key === 'NumberOfConnectors')).toEqual({ key: 'NumberOfConnectors', readonly: true, value: '2' });
    expect(keys.find((k) => k.key === 'HeartbeatInterval')).toEqual({ key: 'HeartbeatInterval', readonly: false, value: '300' });
    expect(await cmd('GetConfiguration', { key: ['MeterValueSampleInterval', 'NoSuchKey', 'constructor'] })).toEqual({
      configurationKey: [{ key: 'MeterValueSampleInterval', readonly: false, value: '60' }], unknownKey: ['NoSuchKey', 'constructor'],
    });
  });

  it('ChangeConfiguration accepts writable keys (taking effect), rejects read-only keys and bad values', async () => {
    await boot();
    expect(await cmd('ChangeConfiguration', { key: 'NumberOfConnectors', value: '4' })).toEqual({ status: 'Rejected' });
    expect(await cmd('ChangeConfiguration', { key: 'Bogus', value: '1' })).toEqual({ status: 'NotSupported' });
    expect(await cmd('ChangeConfiguration', { key: 'MeterValueSampleInterval', value: 'soon' })).toEqual({ status: 'Rejected' });
    expect(await cmd('ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'Energy.Active.Import.Register,Nonsense' })).toEqual({ status: 'Rejected' });
    const before = csms.calls(s.id, 'Heartbeat').length;
    expect(await cmd('ChangeConfiguration', { key: 'HeartbeatInterval', value: '6' })).toEqual({ status: 'Accepted' });
    // At the default interval (300 s, 0.5 s real here) at most two would come in this time.
    await new Promise((r) => setTimeout(r, 600));
    expect(csms.calls(s.id, 'Heartbeat').length - before).toBeGreaterThanOrEqual(5);
    expect(await cmd('ChangeConfiguration', { key: 'MeterValuesSampledData', value: 'Energy.Active.Import.Register,SoC' })).toEqual({ status: 'Accepted' });
    expect(await cmd('GetConfiguration', { key: ['HeartbeatInterval'] })).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '6' }] });
    s.plugIn(1, { socStart: 20, targetSoc: 90, departAfterS: 1e9 });
    await s.authorizeAndStart(1, 'TAG-1');
    const mv = await csms.waitFor(() => csms.calls(s.id, 'MeterValues')[0], 5_000, 'MeterValues');
    const sampled = (mv.payload.meterValue as { sampledValue: Payload[] }[])[0].sampledValue;
    expect(sampled.map((v) => v.measurand)).toEqual(['Energy.Active.Import.Register', 'SoC']);
  });

  it('RemoteStartTransaction starts a session; RemoteStopTransaction stops it; unknown ids are Rejected', async () => {
    await boot();
    const starts: string[] = [];
    s.on('transactionStarted', (e) => starts.push(e.transactionId));
    expect(await cmd('RemoteStartTransaction', { connectorId: 2, idTag: 'REMOTE-1' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => starts.length === 1, 5_000, 'the transaction');
    expect(csms.calls(s.id, 'Authorize')[0].payload).toEqual({ idTag: 'REMOTE-1' });
    expect(csms.calls(s.id, 'StartTransaction')[0].payload).toMatchObject({ connectorId: 2, idTag: 'REMOTE-1' });
    expect(await cmd('RemoteStartTransaction', { connectorId: 2, idTag: 'REMOTE-2' })).toEqual({ status: 'Rejected' });
    expect(await cmd('RemoteStopTransaction', { transactionId: 999 })).toEqual({ status: 'Rejected' });
    expect(await cmd('RemoteStopTransaction', { transactionId: Number(starts[0]) })).toEqual({ status: 'Accepted' });
    const stop = await csms.waitFor(() => csms.calls(s.id, 'StopTransaction')[0], 5_000, 'StopTransaction');
    expect(stop.payload).toMatchObject({ transactionId: Number(starts[0]), reason: 'Remote' });
    expect(s.connectorState(2).status).toBe('Finishing');
  });

  it('TriggerMessage is Accepted and the message follows; bad connectors are Rejected', async () => {
    await boot();
    const hb = csms.calls(s.id, 'Heartbeat').length;
    expect(await cmd('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'Heartbeat').length > hb, 5_000, 'the heartbeat');
    expect(await cmd('TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({ status: 'Accepted' });
    const mv = await csms.waitFor(() => csms.calls(s.id, 'MeterValues')[0], 5_000, 'MeterValues');
    expect(mv.payload.transactionId).toBeUndefined();
    expect((mv.payload.meterValue as { sampledValue: Payload[] }[])[0].sampledValue[0]).toMatchObject({ context: 'Trigger' });
    const st = csms.calls(s.id, 'StatusNotification').length;
    expect(await cmd('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length === st + 1, 5_000, 'the status');
    expect(await cmd('TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 7 })).toEqual({ status: 'Rejected' });
    expect(await cmd('TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'DiagnosticsStatusNotification').length === 1, 5_000, 'diagnostics status');
  });

  it('answers unknown actions with NotImplemented, unsupported ones with NotSupported, bad payloads with a 1.6 code', async () => {
    await boot();
    expect(await csms.call(s.id, 'MakeCoffee', {})).toMatchObject({ error: { code: 'NotImplemented' } });
    expect(await csms.call(s.id, 'ReserveNow', { connectorId: 1, expiryDate: new Date().toISOString(), idTag: 'X', reservationId: 1 }))
      .toMatchObject({ error: { code: 'NotSupported' } });
    expect(await csms.call(s.id, 'Reset', { type: 'Medium' })).toMatchObject({ error: { code: 'PropertyConstraintViolation' } });
    expect(await csms.call(s.id, 'Reset', {})).toMatchObject({ error: { code: 'OccurenceConstraintViolation' } });
  });

  it('ClearCache, DataTransfer, UnlockConnector and ChangeAvailability answer like a station', async () => {
    await boot();
    expect(await cmd('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(await cmd('DataTransfer', { vendorId: 'someone-else', data: 'x' })).toEqual({ status: 'UnknownVendorId' });
    expect(await cmd('DataTransfer', { vendorId: 'chargewatch-sim', messageId: 'echo', data: 'hello' })).toEqual({ status: 'Accepted', data: 'hello' });
    expect(await cmd('UnlockConnector', { connectorId: 5 })).toEqual({ status: 'NotSupported' });
    expect(await cmd('UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(await cmd('ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').some((c) => c.payload.connectorId === 1 && c.payload.status === 'Unavailable'));
    expect(await cmd('ChangeAvailability', { connectorId: 1, type: 'Operative' })).toEqual({ status: 'Accepted' });
    s.plugIn(2, { departAfterS: 1e9, socStart: 10 });
    await s.authorizeAndStart(2, 'TAG-1');
    expect(await cmd('ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    expect(s.connectorState(1).status).toBe('Unavailable');
    expect(s.connectorState(2).status).toBe('Charging');
    s.stopCharging(2);
    expect(s.connectorState(2).status).toBe('Unavailable');
  });

  it('Reset stops the running transaction, drops the connection and boots again', async () => {
    await boot();
    s.plugIn(1, { departAfterS: 1e9, socStart: 10 });
    await s.authorizeAndStart(1, 'TAG-1');
    await csms.waitFor(() => s.transactionIds.length === 1, 5_000, 'the transaction id');
    const disconnected = new Promise((resolve) => s.once('disconnected', resolve));
    expect(await cmd('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await disconnected;
    const stop = await csms.waitFor(() => csms.calls(s.id, 'StopTransaction')[0], 5_000, 'StopTransaction');
    expect(stop.payload.reason).toBe('SoftReset');
    await csms.waitFor(() => csms.calls(s.id, 'BootNotification').length === 2 && s.booted, 10_000, 'the second boot');
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length >= 3 + 2 + 3, 5_000, 'statuses after the reboot');
    expect(s.transactionIds).toEqual([]);
  });

  it('a reset ends a fault the reboot fixes, and leaves one that needs repair', async () => {
    await boot();
    s.injectFault(1, 'OtherError', { clearedByReset: true });
    s.injectFault(2, 'GroundFailure');
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.status === 'Faulted').length === 2, 5_000, 'both faults reported');
    expect(await cmd('Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'BootNotification').length === 2 && s.booted, 10_000, 'the second boot');
    await csms.waitFor(() => s.connectorState(1).status === 'Available' && s.connectorState(2).status === 'Faulted', 5_000, 'states after the reboot');
    const afterBoot = csms.calls(s.id, 'StatusNotification').slice(-3);
    expect(afterBoot.find((c) => c.payload.connectorId === 1)?.payload).toMatchObject({ status: 'Available', errorCode: 'NoError' });
    expect(afterBoot.find((c) => c.payload.connectorId === 2)?.payload).toMatchObject({ status: 'Faulted', errorCode: 'GroundFailure' });
  });
});
