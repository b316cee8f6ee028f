import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../ocpp/index.js';
import { SimStation } from './sim-station.js';
import { TestCsms, testStationOptions, type ReceivedCall } from '../test-kit/test-csms.js';

let csms: TestCsms;
let s: SimStation;

beforeEach(() => {
  csms = new TestCsms();
});

afterEach(async () => {
  await s.stop();
  await csms.close();
  expect(csms.invalid).toEqual([]);
});

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

type MeterValue = { timestamp: string; sampledValue: { measurand?: string; value: string | number }[] };
const energyOf = (mv: MeterValue): number => Number(mv.sampledValue.find((v) => v.measurand === 'Energy.Active.Import.Register')?.value);

/** Cuts the socket, keeps the station out for `ms`, runs `whileOffline`, lets it back in; returns what arrived after. */
async function outage(ms: number, whileOffline: () => Promise<void> | void): Promise<ReceivedCall[]> {
  const down = new Promise((resolve) => s.once('disconnected', resolve));
  csms.refuse = true;
  csms.drop(s.id);
  await down;
  await pause(ms);
  await whileOffline();
  expect(s.backlog).toBeGreaterThan(2);
  const mark = csms.received.length;
  csms.refuse = false;
  await csms.waitFor(() => s.booted && s.backlog === 0, 10_000, 'reconnect and drained queue');
  return csms.received.slice(mark).filter((r) => r.stationId === s.id);
}

describe('offline queue', () => {
  it('1.6: transaction messages made offline are sent after the reconnect, in order, ids filled in', async () => {
    s = new SimStation(testStationOptions(await csms.start(), 'OFF-16', '1.6'));
    await s.start();
    s.plugIn(1, { capacityWh: 80_000, socStart: 10, targetSoc: 100, departAfterS: 1e9 });
    await s.authorizeAndStart(1, 'TAG-1');
    await csms.waitFor(() => csms.calls(s.id, 'MeterValues').length >= 2, 5_000, 'meter values');

    const after = await outage(600, async () => {
      s.stopCharging(1);
      // A session that starts while offline: its id is only known once StartTransaction is answered.
      s.plugIn(2, { capacityWh: 80_000, socStart: 10, targetSoc: 100, departAfterS: 1e9 });
      expect(await s.authorizeAndStart(2, 'TAG-1')).toBeUndefined();
      await pause(300);
    });

    expect(after[0].action).toBe('BootNotification');
    const tx = after.filter((r) => ['StartTransaction', 'StopTransaction', 'MeterValues'].includes(r.action));
    const stop1 = tx.findIndex((r) => r.action === 'StopTransaction');
    const start2 = tx.findIndex((r) => r.action === 'StartTransaction');
    expect(stop1).toBeGreaterThan(0);
    expect(start2).toBeGreaterThan(stop1);
    expect(tx.slice(0, stop1).every((r) => r.action === 'MeterValues' && r.payload.transactionId === 1)).toBe(true);
    expect(tx.slice(start2 + 1).length).toBeGreaterThan(0);
    expect(tx.slice(start2 + 1).every((r) => r.action === 'MeterValues' && r.payload.transactionId === 2 && r.payload.connectorId === 2)).toBe(true);
    // The whole first session, before and during the outage, reads as one rising series.
    const series = csms.calls(s.id, 'MeterValues').filter((r) => r.payload.transactionId === 1).map((r) => (r.payload.meterValue as MeterValue[])[0]);
    for (let i = 1; i < series.length; i++) {
      expect(energyOf(series[i])).toBeGreaterThanOrEqual(energyOf(series[i - 1]));
      expect(Date.parse(series[i].timestamp)).toBeGreaterThanOrEqual(Date.parse(series[i - 1].timestamp));
    }
    const stop = tx[stop1].payload;
    expect(stop).toMatchObject({ transactionId: 1, reason: 'Local' });
    expect(Number(stop.meterStop)).toBeGreaterThanOrEqual(energyOf(series[series.length - 1]));
    expect(s.transactionIds).toEqual(['2']);
  });

  it('2.0.1: TransactionEvents made offline carry offline: true and continue the seqNo after the reconnect', async () => {
    s = new SimStation(testStationOptions(await csms.start(), 'OFF-201', '2.0.1'));
    await s.start();
    s.plugIn(1, { capacityWh: 80_000, socStart: 10, targetSoc: 100, departAfterS: 1e9 });
    const txId = await s.authorizeAndStart(1, 'TAG-1');
    await csms.waitFor(() => csms.calls(s.id, 'TransactionEvent').length >= 3, 5_000, 'updates');
    const onlineCount = csms.calls(s.id, 'TransactionEvent').length;

    const after = await outage(600, () => {
      s.stopCharging(1, 'Local');
    });
    expect(after[0]).toMatchObject({ action: 'BootNotification', payload: { reason: 'PowerUp' } });

    const events = csms.calls(s.id, 'TransactionEvent').map((r) => r.payload);
    expect(events.every((e) => (e.transactionInfo as Payload).transactionId === txId)).toBe(true);
    // A message in flight when the socket died may arrive twice; the sequence itself must be complete and ordered.
    const seqs: number[] = [];
    for (const e of events) if (!seqs.includes(Number(e.seqNo))) seqs.push(Number(e.seqNo));
    expect(seqs).toEqual(seqs.map((_, i) => i));
    const late = events.slice(onlineCount).filter((e) => e.offline === true);
    expect(late.length).toBeGreaterThan(2);
    expect(events[events.length - 1]).toMatchObject({ eventType: 'Ended', offline: true, transactionInfo: { stoppedReason: 'Local' } });
    expect(events.slice(0, onlineCount).some((e) => e.offline === true)).toBe(false);
  });

  it('does not queue heartbeats and status notifications while offline', async () => {
    s = new SimStation(testStationOptions(await csms.start(), 'OFF-HB', '1.6', { connectors: 1 }));
    await s.start();
    await expect(s.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
    const down = new Promise((resolve) => s.once('disconnected', resolve));
    csms.refuse = true;
    csms.drop(s.id);
    await down;
    await expect(s.call('Heartbeat', {})).rejects.toMatchObject({ code: 'NotConnected' });
    s.injectFault(1, 'GroundFailure');
    expect(s.backlog).toBe(0);
    csms.refuse = false;
    await csms.waitFor(() => s.booted, 10_000, 'reconnect');
    const status = await csms.waitFor(() => csms.calls(s.id, 'StatusNotification').find((c) => c.payload.status === 'Faulted'), 5_000, 'Faulted');
    expect(status.payload).toMatchObject({ connectorId: 1, errorCode: 'GroundFailure' });
  });
});
