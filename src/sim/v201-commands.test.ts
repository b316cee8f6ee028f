import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../ocpp/index.js';
import { SimStation } from './sim-station.js';
import { TestCsms, testStationOptions, type CsmsCallOutcome } from '../test-kit/test-csms.js';

let csms: TestCsms;
let s: SimStation;

async function boot(): Promise<void> {
  s = new SimStation(testStationOptions(await csms.start(), 'CMD-201', '2.0.1'));
  await s.start();
  await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length >= 2, 5_000, 'boot statuses');
}

function result(o: CsmsCallOutcome): Payload {
  if ('error' in o) throw new Error(`CALLERROR ${o.error.code}: ${o.error.description}`);
  return o.result;
}

const cmd = async (action: string, payload: Payload): Promise<Payload> => result(await csms.call(s.id, action, payload));
const txEvents = (): Payload[] => csms.calls(s.id, 'TransactionEvent').map((c) => c.payload);

beforeEach(() => {
  csms = new TestCsms();
});

afterEach(async () => {
  await s.stop();
  await csms.close();
  expect(csms.invalid).toEqual([]);
});

describe('2.0.1 commands', () => {
  it('GetVariables reads the device model and reports unknown components, variables and attributes', async () => {
    await boot();
    const res = await cmd('GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' } },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' } },
        { component: { name: 'FluxCapacitor' }, variable: { name: 'Power' } },
        { component: { name: 'AuthCtrlr' }, variable: { name: 'Warp' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeType: 'Target' },
        { component: { name: 'EVSE', evse: { id: 9 } }, variable: { name: 'AvailabilityState' } },
      ],
    });
    const r = res.getVariableResult as Payload[];
    expect(r.map((x) => [x.attributeStatus, x.attributeValue])).toEqual([
      ['Accepted', '300'], ['Accepted', '60'], ['Accepted', 'Available'], ['Accepted', 'SimAC-22'],
      ['UnknownComponent', undefined], ['UnknownVariable', undefined], ['NotSupportedAttributeType', undefined], ['UnknownComponent', undefined],
    ]);
  });

  it('SetVariables changes writable variables (taking effect) and rejects read-only ones and bad values', async () => {
    await boot();
    const res = await cmd('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '6' },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'Other' },
        { component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' }, attributeValue: '-5' },
        { component: { name: 'Nope' }, variable: { name: 'X' }, attributeValue: '1' },
      ],
    });
    expect((res.setVariableResult as Payload[]).map((x) => x.attributeStatus)).toEqual(['Accepted', 'Rejected', 'Rejected', 'UnknownComponent']);
    const before = csms.calls(s.id, 'Heartbeat').length;
    // At the default interval (300 s, 0.5 s real here) at most two would come in this time.
    await new Promise((r) => setTimeout(r, 600));
    expect(csms.calls(s.id, 'Heartbeat').length - before).toBeGreaterThanOrEqual(5);
  });

  it('RequestStartTransaction starts with RemoteStart and the remoteStartId; RequestStopTransaction ends it', async () => {
    await boot();
    expect(await cmd('RequestStartTransaction', { evseId: 1, remoteStartId: 42, idToken: { idToken: 'APP-7', type: 'Central' } })).toEqual({ status: 'Accepted' });
    const started = await csms.waitFor(() => txEvents()[0], 5_000, 'Started');
    expect(started).toMatchObject({
      eventType: 'Started', triggerReason: 'RemoteStart', evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'APP-7', type: 'Central' }, transactionInfo: { remoteStartId: 42, chargingState: 'Charging' },
    });
    const txId = String((started.transactionInfo as Payload).transactionId);
    expect(await cmd('RequestStartTransaction', { evseId: 1, remoteStartId: 43, idToken: { idToken: 'APP-7', type: 'Central' } })).toEqual({ status: 'Rejected' });
    expect(await cmd('UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'OngoingAuthorizedTransaction' });
    expect(await cmd('RequestStopTransaction', { transactionId: 'not-a-transaction' })).toEqual({ status: 'Rejected' });
    expect(await cmd('RequestStopTransaction', { transactionId: txId })).toEqual({ status: 'Accepted' });
    const ended = await csms.waitFor(() => txEvents().find((e) => e.eventType === 'Ended'), 5_000, 'Ended');
    expect(ended).toMatchObject({ triggerReason: 'RemoteStop', transactionInfo: { transactionId: txId, stoppedReason: 'Remote', chargingState: 'EVConnected' } });
  });

  it('Reset OnIdle waits for the transaction to end; the reboot says RemoteReset', async () => {
    await boot();
    s.plugIn(1, { departAfterS: 1e9, socStart: 10 });
    const txId = await s.authorizeAndStart(1, 'TAG-1');
    expect(await cmd('Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    expect(await cmd('Reset', { type: 'Immediate', evseId: 1 })).toMatchObject({ status: 'Rejected' });
    await new Promise((r) => setTimeout(r, 200));
    expect(csms.calls(s.id, 'BootNotification')).toHaveLength(1);
    expect(await cmd('RequestStopTransaction', { transactionId: String(txId) })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'BootNotification').length === 2 && s.booted, 10_000, 'the second boot');
    expect(csms.calls(s.id, 'BootNotification')[1].payload.reason).toBe('RemoteReset');
  });

  it('Reset Immediate ends transactions with ImmediateReset', async () => {
    await boot();
    s.plugIn(2, { departAfterS: 1e9, socStart: 10 });
    await s.authorizeAndStart(2, 'TAG-1');
    expect(await cmd('Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    const ended = await csms.waitFor(() => txEvents().find((e) => e.eventType === 'Ended'), 5_000, 'Ended');
    expect(ended).toMatchObject({ triggerReason: 'ResetCommand', transactionInfo: { stoppedReason: 'ImmediateReset' } });
    await csms.waitFor(() => csms.calls(s.id, 'BootNotification').length === 2 && s.booted, 10_000, 'the second boot');
  });

  it('TriggerMessage, ChangeAvailability, DataTransfer, ClearCache and unknown actions', async () => {
    await boot();
    const st = csms.calls(s.id, 'StatusNotification').length;
    expect(await cmd('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length === st + 1, 5_000, 'the status');
    expect(await cmd('TriggerMessage', { requestedMessage: 'TransactionEvent' })).toEqual({ status: 'Rejected' });
    expect(await cmd('TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } })).toEqual({ status: 'Accepted' });
    const mv = await csms.waitFor(() => csms.calls(s.id, 'MeterValues')[0], 5_000, 'MeterValues');
    expect(mv.payload.evseId).toBe(1);
    expect(await cmd('TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).toEqual({ status: 'NotImplemented' });
    expect(await cmd('ChangeAvailability', { operationalStatus: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.connectorStatus === 'Unavailable').length === 2);
    expect(await cmd('ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 5 } })).toEqual({ status: 'Rejected' });
    expect(await cmd('DataTransfer', { vendorId: 'chargewatch-sim', data: { a: [1, 2] } })).toEqual({ status: 'Accepted', data: { a: [1, 2] } });
    expect(await cmd('DataTransfer', { vendorId: 'acme' })).toEqual({ status: 'UnknownVendorId' });
    expect(await cmd('ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(await csms.call(s.id, 'Teleport', {})).toMatchObject({ error: { code: 'NotImplemented' } });
    expect(await csms.call(s.id, 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' })).toMatchObject({ error: { code: 'NotSupported' } });
    expect(await csms.call(s.id, 'Reset', { type: 'Later' })).toMatchObject({ error: { code: 'PropertyConstraintViolation' } });
  });
});
