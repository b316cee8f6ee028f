import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulateCommand } from './cli.js';
import { runFleet, type Fleet } from './fleet.js';
import { TestCsms } from '../test-kit/test-csms.js';

let csms: TestCsms;
let fleet: Fleet | undefined;

beforeEach(() => {
  csms = new TestCsms();
});

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await csms.close();
  expect(csms.invalid).toEqual([]);
});

describe('runFleet', () => {
  it('connects and boots a mixed fleet of 200 stations', async () => {
    const url = await csms.start();
    fleet = await runFleet({ url, stations: 200, ocpp: 'mix', connectRatePerS: 2_000, autoCharge: false });
    await fleet.whenBooted(20_000);
    const stats = fleet.stats();
    expect(stats).toMatchObject({ stations: 200, connected: 200, booted: 200, errors: 0 });
    expect(csms.connectedCount).toBe(200);
    const boots = csms.received.filter((r) => r.action === 'BootNotification');
    expect(new Set(boots.map((b) => b.stationId)).size).toBe(200);
    expect(fleet.stations[0].id).toBe('SIM-0001');
    expect(fleet.stations[199].id).toBe('SIM-0200');
    expect(fleet.stations.filter((s) => s.version === '1.6')).toHaveLength(100);
    const models = new Set(fleet.stations.map((s) => s.options.model));
    expect(models).toEqual(new Set(['SimAC-11', 'SimAC-22', 'SimDC-50', 'SimDC-150']));
    expect(new Set(fleet.stations.map((s) => s.options.connectors))).toEqual(new Set([1, 2, 3, 4]));
    const v201Boot = boots.find((b) => b.stationId === 'SIM-0002');
    expect(v201Boot?.payload).toMatchObject({ chargingStation: { vendorName: 'Chargewatch Simulator' } });
  });

  it('lets EVs arrive on their own and charges them', async () => {
    const url = await csms.start();
    fleet = await runFleet({ url, stations: 4, ocpp: 'mix', autoCharge: true, timeScale: 3_600, meterIntervalS: 60, faultRate: 0.5 });
    await fleet.whenBooted(10_000);
    await csms.waitFor(() => fleet && fleet.stats().transactions > 0, 10_000, 'a session');
    await csms.waitFor(() => csms.received.some((r) => r.action === 'MeterValues' || (r.action === 'TransactionEvent' && r.payload.eventType === 'Updated')), 10_000, 'meter values');
  });
});

describe('simulateCommand', () => {
  it('runs a fleet until told to stop and prints a summary', async () => {
    const url = await csms.start();
    const lines: string[] = [];
    const stats = await simulateCommand({ url, stations: 3, autoCharge: false, durationS: 0.5, print: (l) => lines.push(l) });
    expect(stats.booted).toBe(3);
    expect(lines.join('\n')).toContain('simulated stations: 3 (3 booted');
  });
});
