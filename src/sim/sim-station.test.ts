import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OcppVersion, Payload } from '../ocpp/index.js';
import { SimStation } from './sim-station.js';
import { TestCsms, testStationOptions } from '../test-kit/test-csms.js';
import type { SimStationOptions } from './types.js';

let csms: TestCsms;
let url: string;
const stations: SimStation[] = [];

beforeEach(async () => {
  csms = new TestCsms();
  url = await csms.start();
});

afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.stop()));
  await csms.close();
  expect(csms.invalid).toEqual([]);
});

function station(version: OcppVersion, overrides: Partial<SimStationOptions> = {}): SimStation {
  const s = new SimStation(testStationOptions(url, `T-${version}-${stations.length + 1}`, version, overrides));
  stations.push(s);
  return s;
}

/** Energy register and SoC out of one meter value, whichever version formatted it. */
function sample(mv: { sampledValue: { measurand?: string; value: string | number }[] }): { energy?: number; soc?: number; power?: number } {
  const get = (m: string): number | undefined => {
    const v = mv.sampledValue.find((s) => s.measurand === m)?.value;
    return v === undefined ? undefined : Number(v);
  };
  return { energy: get('Energy.Active.Import.Register'), soc: get('SoC'), power: get('Power.Active.Import') };
}

type MeterValue = { timestamp: string; sampledValue: { measurand?: string; value: string | number }[] };

describe('SimStation boot', () => {
  it.each(['1.6', '2.0.1'] as const)('boots on %s and reports every connector', async (version) => {
    const s = station(version, { connectors: 3 });
    await s.start();
    expect(s.booted).toBe(true);
    expect(s.bootStatus).toBe('Accepted');
    const statuses = await csms.waitFor(() => {
      const calls = csms.calls(s.id, 'StatusNotification');
      return calls.length >= (version === '1.6' ? 4 : 3) && calls;
    });
    if (version === '1.6') {
      expect(statuses.map((c) => c.payload.connectorId)).toEqual([0, 1, 2, 3]);
      expect(statuses.every((c) => c.payload.status === 'Available' && c.payload.errorCode === 'NoError')).toBe(true);
    } else {
      expect(statuses.map((c) => c.payload.evseId)).toEqual([1, 2, 3]);
      expect(statuses.every((c) => c.payload.connectorStatus === 'Available')).toBe(true);
      expect(csms.calls(s.id, 'BootNotification')[0].payload.reason).toBe('PowerUp');
    }
    await csms.waitFor(() => csms.calls(s.id, 'Heartbeat').length > 0, 5_000, 'a heartbeat');
  });

  it('retries a Pending boot after the interval and starts once Accepted', async () => {
    csms.bootStatus = 'Pending';
    csms.heartbeatInterval = 60;
    const s = station('1.6');
    const started = s.start();
    await csms.waitFor(() => csms.calls(s.id, 'BootNotification').length >= 2, 5_000, 'a second boot');
    expect(s.booted).toBe(false);
    expect(csms.calls(s.id, 'StatusNotification')).toHaveLength(0);
    csms.bootStatus = 'Accepted';
    await started;
    expect(s.bootStatus).toBe('Accepted');
  });
});

describe('SimStation charging session', () => {
  it('1.6: Preparing → Authorize → StartTransaction → MeterValues → StopTransaction → Available', async () => {
    const s = station('1.6');
    await s.start();
    expect(s.plugIn(1, { capacityWh: 10_000, socStart: 70, targetSoc: 100, maxPowerW: 11_000, departAfterS: 60 })).toBe(true);
    expect(await s.authorizeAndStart(1, 'TAG-1')).toBe('1');
    expect(s.transactionIds).toEqual(['1']);
    await csms.waitFor(() => csms.calls(s.id, 'StopTransaction').length === 1, 20_000, 'StopTransaction');
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').length >= 8, 5_000, 'the last status');

    const start = csms.calls(s.id, 'StartTransaction')[0].payload;
    expect(start).toMatchObject({ connectorId: 1, idTag: 'TAG-1' });
    const meters = csms.calls(s.id, 'MeterValues').map((c) => c.payload);
    expect(meters.length).toBeGreaterThan(10);
    expect(meters.every((m) => m.transactionId === 1 && m.connectorId === 1)).toBe(true);
    const first = (meters[0].meterValue as MeterValue[])[0].sampledValue as Payload[];
    expect(first.map((v) => `${String(v.measurand)}${v.phase ? `/${String(v.phase)}` : ''}`)).toEqual([
      'Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import/L1', 'Current.Import/L2', 'Current.Import/L3',
      'Voltage/L1-N', 'Voltage/L2-N', 'Voltage/L3-N', 'SoC',
    ]);
    expect(first.every((v) => v.context === 'Sample.Periodic' && typeof v.value === 'string' && typeof v.unit === 'string')).toBe(true);

    const samples = meters.map((m) => sample((m.meterValue as MeterValue[])[0]));
    const energies = samples.map((x) => x.energy ?? NaN);
    expect(energies[0]).toBeGreaterThanOrEqual(Number(start.meterStart));
    for (let i = 1; i < energies.length; i++) expect(energies[i]).toBeGreaterThanOrEqual(energies[i - 1]);
    expect(energies[energies.length - 1]).toBeGreaterThan(energies[0]);
    const socs = samples.map((x) => x.soc).filter((x): x is number => x !== undefined);
    for (let i = 1; i < socs.length; i++) expect(socs[i]).toBeGreaterThanOrEqual(socs[i - 1]);
    // Taper: full EV power below 80 % SoC, clearly less near the top.
    const below = samples.filter((x) => (x.soc ?? 0) < 79 && (x.power ?? 0) > 0).map((x) => x.power ?? 0);
    const above = samples.filter((x) => (x.soc ?? 0) > 92 && (x.power ?? 0) > 0).map((x) => x.power ?? 0);
    expect(Math.min(...below)).toBeGreaterThan(10_000);
    expect(Math.max(...above)).toBeLessThan(7_000);

    const stop = csms.calls(s.id, 'StopTransaction')[0].payload;
    expect(stop).toMatchObject({ transactionId: 1, reason: 'EVDisconnected', idTag: 'TAG-1' });
    expect(Number(stop.meterStop)).toBeGreaterThanOrEqual(energies[energies.length - 1]);
    const statuses = csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.connectorId === 1).map((c) => c.payload.status);
    expect(statuses).toEqual(['Available', 'Preparing', 'Charging', 'SuspendedEV', 'Finishing', 'Available']);
    const order = csms.calls(s.id).map((c) => c.action).filter((a) => a === 'Authorize' || a === 'StartTransaction' || a === 'StopTransaction');
    expect(order).toEqual(['Authorize', 'StartTransaction', 'StopTransaction']);
  });

  it('2.0.1: TransactionEvent Started → Updated (meterValue) → Ended with a UUID and rising seqNo', async () => {
    const s = station('2.0.1', { kind: 'DC', maxPowerW: 50_000 });
    const started: string[] = [];
    s.on('transactionStarted', (e) => started.push(e.transactionId));
    await s.start();
    s.plugIn(2, { capacityWh: 40_000, socStart: 60, targetSoc: 100, maxPowerW: 100_000, departAfterS: 60 });
    const txId = await s.authorizeAndStart(2, 'TAG-1');
    expect(txId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started).toEqual([txId]);
    await csms.waitFor(() => csms.calls(s.id, 'TransactionEvent').some((c) => c.payload.eventType === 'Ended'), 20_000, 'Ended');

    const events = csms.calls(s.id, 'TransactionEvent').map((c) => c.payload);
    expect(events.every((e) => (e.transactionInfo as Payload).transactionId === txId)).toBe(true);
    expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    expect(events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', evse: { id: 2, connectorId: 1 }, idToken: { idToken: 'TAG-1', type: 'ISO14443' } });
    const updates = events.filter((e) => e.eventType === 'Updated' && e.triggerReason === 'MeterValuePeriodic');
    expect(updates.length).toBeGreaterThan(5);
    const samples = updates.map((e) => sample((e.meterValue as MeterValue[])[0]));
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i].energy ?? 0).toBeGreaterThanOrEqual(samples[i - 1].energy ?? 0);
      expect(samples[i].soc ?? 0).toBeGreaterThanOrEqual(samples[i - 1].soc ?? 0);
    }
    const sv = (updates[0].meterValue as { sampledValue: Payload[] }[])[0].sampledValue;
    expect(sv.find((v) => v.measurand === 'Current.Import')).toMatchObject({ unitOfMeasure: { unit: 'A' } });
    expect(sv.filter((v) => v.measurand === 'Current.Import')).toHaveLength(1);
    expect(typeof sv[0].value).toBe('number');
    expect(events.some((e) => e.triggerReason === 'ChargingStateChanged' && (e.transactionInfo as Payload).chargingState === 'SuspendedEV')).toBe(true);
    const ended = events[events.length - 1];
    expect(ended).toMatchObject({ eventType: 'Ended', triggerReason: 'EVDeparted', transactionInfo: { stoppedReason: 'EVDisconnected' } });
    // A DC EV states its needs (ISO 15118) once its transaction has started.
    const actions = csms.calls(s.id).map((c) => c.action);
    expect(actions.indexOf('NotifyEVChargingNeeds')).toBeGreaterThan(actions.indexOf('TransactionEvent'));
    expect(csms.calls(s.id, 'NotifyEVChargingNeeds').map((c) => c.payload)).toEqual([{
      evseId: 2, chargingNeeds: { requestedEnergyTransfer: 'DC', dcChargingParameters: {
        evMaxCurrent: 200, evMaxVoltage: 500, evMaxPower: 100_000, energyAmount: 16_000, evEnergyCapacity: 40_000, stateOfCharge: 60, fullSoC: 100, bulkSoC: 80,
      } },
    }]);
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.evseId === 2).length >= 3);
    const statuses = csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.evseId === 2).map((c) => c.payload.connectorStatus);
    expect(statuses).toEqual(['Available', 'Occupied', 'Available']);
  });

  it('does not start a transaction when Authorize is refused', async () => {
    const s = station('1.6');
    await s.start();
    csms.authorize = (t) => (t === 'BAD' ? 'Invalid' : 'Accepted');
    s.plugIn(1, { departAfterS: 1e9 });
    expect(await s.authorizeAndStart(1, 'BAD')).toBeUndefined();
    expect(s.connectorState(1).status).toBe('Preparing');
    expect(csms.calls(s.id, 'StartTransaction')).toHaveLength(0);
  });
});

describe('SimStation faults and raw frames', () => {
  it('2.0.1: a fault ends the transaction (GroundFault) and reports Faulted until cleared', async () => {
    const s = station('2.0.1');
    await s.start();
    s.plugIn(1, { departAfterS: 1e9, socStart: 10 });
    await s.authorizeAndStart(1, 'TAG-1');
    s.injectFault(1, 'GroundFailure');
    const ended = await csms.waitFor(() => csms.calls(s.id, 'TransactionEvent').find((c) => c.payload.eventType === 'Ended'), 5_000, 'Ended');
    expect(ended.payload).toMatchObject({ triggerReason: 'AbnormalCondition', transactionInfo: { stoppedReason: 'GroundFault' } });
    await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').some((c) => c.payload.evseId === 1 && c.payload.connectorStatus === 'Faulted'), 5_000, 'Faulted');
    expect(s.plugIn(1)).toBe(false);
    s.clearFault(1);
    const last = await csms.waitFor(() => {
      const list = csms.calls(s.id, 'StatusNotification').filter((c) => c.payload.evseId === 1);
      return list[list.length - 1].payload.connectorStatus === 'Available' && list;
    }, 5_000, 'Available again');
    expect(last.map((c) => c.payload.connectorStatus)).toEqual(['Available', 'Occupied', 'Faulted', 'Available']);
  });

  it('1.6: faults come by rate with an error code and recover by themselves', async () => {
    const s = station('1.6', { connectors: 1, faultRate: 60 });
    await s.start();
    const faulted = await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').find((c) => c.payload.status === 'Faulted'), 5_000, 'a fault');
    expect(faulted.payload.errorCode).not.toBe('NoError');
    await csms.waitFor(() => {
      const list = csms.calls(s.id, 'StatusNotification');
      const i = list.indexOf(faulted);
      return list.slice(i + 1).some((c) => c.payload.status === 'Available' && c.payload.errorCode === 'NoError');
    }, 10_000, 'recovery');
  });

  it('sendRaw writes any text; call() resolves with the CALLRESULT and rejects with the CALLERROR', async () => {
    const s = station('1.6');
    const frames: string[] = [];
    s.on('message', (m) => frames.push(`${m.direction} ${m.text}`));
    await s.start();
    s.sendRaw('[2,"raw-1","Heartbeat",{}]');
    await csms.waitFor(() => frames.some((f) => f.startsWith('in [3,"raw-1"')), 5_000, 'the raw answer');
    await expect(s.call('DataTransfer', { vendorId: 'x' })).resolves.toEqual({ status: 'Accepted' });
    await expect(s.call('FirmwareStatusNotification', { status: 'Idle' })).resolves.toEqual({});
    await expect(s.call('SignCertificate', { csr: 'x' })).rejects.toMatchObject({ code: 'NotImplemented' });
    expect(s.counters.errors).toBe(1);
    expect(s.counters.acked).toBeGreaterThan(3);
  });
});
