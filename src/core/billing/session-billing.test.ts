import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { samplesFromV16, samplesFromV201 } from '../sessions/index.js';
import { SiteService } from '../sites/index.js';
import type { SessionCost } from './billing.js';
import { SessionBilling } from './session-billing.js';
import { TariffService } from './tariffs-service.js';

let kit: CoreKit;
let tariffs: TariffService;
let billing: SessionBilling;
let siteTariff: string;

const T0 = Date.parse('2026-01-01T16:00:00Z'); // 17:00 in Berlin
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const register = (minutes: number, wh: number) => samplesFromV16([{ timestamp: at(minutes), sampledValue: [{ value: String(wh) }] }], T0);

beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept', start: at(0) });
  const deps = { db: kit.database.db, bus: kit.bus, clock: kit.clock, logger: silentLogger };
  tariffs = new TariffService(deps);
  billing = new SessionBilling({ ...deps, tariffs });
  billing.start();
  const site = await new SiteService({ db: kit.database.db, bus: kit.bus, clock: kit.clock }).create({ name: 'Depot', timezone: 'Europe/Berlin' });
  await kit.stations.create({ id: 'SB-1', siteId: site.id });
  await kit.stations.create({ id: 'SB-2', siteId: site.id });
  await kit.connect('SB-1', '1.6');
  await kit.connect('SB-2', '2.0.1');
  // 0.30/kWh, 0.50/kWh from 18:00 local; 0.10/min idle after 10 min grace; 1.00 session fee; 20 % VAT
  siteTariff = (await tariffs.create({
    name: 'Depot', currency: 'EUR', vatPercent: 20,
    components: { energyPerKwh: 0.3, idlePerMinute: 0.1, idleGraceMinutes: 10, sessionFee: 1, periods: [{ days: [], from: '18:00', to: '24:00', energyPerKwh: 0.5 }] },
  })).id;
  await tariffs.assign({ scope: 'site', scopeId: site.id, tariffId: siteTariff });
});
afterAll(async () => {
  billing.stop();
  await billing.idle();
  await kit.close();
});

async function costOf(id: number, live: { energyWh?: number; powerW?: number } = {}): Promise<SessionCost | null | undefined> {
  return (await billing.costs([{ id, ...live }])).get(id);
}

describe('session billing', () => {
  it('fixes the tariff at the start, shows the cost so far, and writes the final cost once at the stop', async () => {
    kit.clock.set(at(0));
    const { sessionId, transactionRef } = await kit.sessions.start({ stationId: 'SB-1', evseId: 1, connectorId: 1, idToken: { value: 'A' }, meterStartWh: 1_000, timestamp: at(0) });
    await billing.idle();
    const row = await kit.database.db.selectFrom('sessions').select(['tariff_id', 'tariff_version', 'tariff']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tariff_id: siteTariff, tariff_version: 1, tariff: { name: 'Depot', timezone: 'Europe/Berlin' } });

    // a change to the tariff after the start never reaches this session
    await tariffs.update(siteTariff, { components: { energyPerKwh: 9 } });

    for (let m = 10; m <= 60; m += 10) {
      kit.clock.set(at(m));
      await kit.sessions.recordMeterValues({ stationId: 'SB-1', evseId: 1, connectorId: 1, transactionRef, samples: register(m, 1_000 + m * 100) });
    }
    const sofar = await costOf(sessionId, { energyWh: 6_000, powerW: 6_000 });
    // 6 kWh evenly over 17:00–18:00 at 0.30, session fee 1.00: net 2.80, VAT 0.56
    expect(sofar).toMatchObject({ final: false, net: 2.8, vat: 0.56, total: 3.36, tariffVersion: 1 });
    kit.clock.set(at(90));
    // plugged in for 30 more minutes without energy: 20 idle minutes past the grace period
    await kit.sessions.recordMeterValues({ stationId: 'SB-1', evseId: 1, connectorId: 1, transactionRef, samples: register(90, 7_000) });
    const later = await costOf(sessionId, { energyWh: 6_000, powerW: 0 });
    expect(later!.total).toBeGreaterThan(sofar!.total);
    expect(later!.breakdown.find((l) => l.component === 'idle_time')).toMatchObject({ quantity: 20, amount: 2 });

    await kit.sessions.stop({ stationId: 'SB-1', transactionRef, meterStopWh: 8_000, timestamp: at(100), samples: [], payload: {} });
    await billing.idle();
    // energy: 6 kWh 17:00–18:00 at 0.30 = 1.80; 1 kWh 18:30–18:40 at 0.50 = 0.50; idle 18:00–18:30 = 30 min − 10 grace = 2.00; fee 1.00
    const final = await costOf(sessionId);
    expect(final).toMatchObject({ final: true, currency: 'EUR', net: 5.3, vat: 1.06, total: 6.36, tariffId: siteTariff, tariffVersion: 1 });
    expect(final!.breakdown.map((l) => [l.component, l.quantity, l.amount])).toEqual([['energy', 7, 2.3], ['idle_time', 20, 2], ['session_fee', 1, 1]]);
    const stored = await kit.database.db.selectFrom('sessions').select(['cost_total', 'currency']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ cost_total: '6.3600', currency: 'EUR' });
    const costEvents = () => kit.events.filter((e) => e.type === 'session.cost' && e.sessionId === sessionId);
    expect(costEvents()).toHaveLength(1);
    expect(costEvents()[0]!.data).toMatchObject({ total: 6.36, currency: 'EUR', final: true });

    // a repeated stop event changes nothing
    kit.bus.publish({ type: 'session.stopped', at: at(101), stationId: 'SB-1', sessionId, data: { sessionId } });
    await billing.idle();
    expect(costEvents()).toHaveLength(1);
  });

  it('prices a 2.0.1 transaction the same way, and leaves sessions without a tariff unpriced', async () => {
    kit.clock.set(at(200));
    const ev = (eventType: 'Started' | 'Updated' | 'Ended', seqNo: number, minutes: number, wh: number) => kit.sessions.transactionEvent({
      stationId: 'SB-2', eventType, transactionRef: 'tx-201', seqNo, timestamp: at(minutes), evseId: 1, connectorId: 1, idToken: { value: 'B', type: 'ISO14443' },
      samples: samplesFromV201([{ timestamp: at(minutes), sampledValue: [{ value: wh, unitOfMeasure: { unit: 'kWh' } }] }], T0), payload: {},
    });
    const { sessionId } = await ev('Started', 0, 200, 10);
    await billing.idle();
    const v2 = await tariffs.get(siteTariff);
    expect((await costOf(sessionId))?.tariffVersion).toBe(v2.version);
    await ev('Updated', 1, 230, 12);
    kit.clock.set(at(240));
    await ev('Ended', 2, 240, 14);
    await billing.idle();
    // version 2 (base 9.00/kWh) applies, but 20:20–21:00 local lies in the 0.50 evening variant: 4 kWh = 2.00, fee 1.00
    expect(await costOf(sessionId)).toMatchObject({ final: true, net: 3, total: 3.6 });

    await tariffs.assign({ scope: 'site', scopeId: (await kit.stations.get('SB-2')).siteId!, tariffId: null });
    const free = await kit.sessions.start({ stationId: 'SB-1', evseId: 1, connectorId: 1, idToken: { value: 'C' }, meterStartWh: 0, timestamp: at(300) });
    await billing.idle();
    expect(await costOf(free.sessionId)).toBeNull();
    await tariffs.assign({ scope: 'default', tariffId: siteTariff });
    await kit.sessions.stop({ stationId: 'SB-1', transactionRef: free.transactionRef, meterStopWh: 500, timestamp: at(310), samples: [], payload: {} });
    await billing.idle();
    // the tariff is fixed at the start: an assignment made while it ran does not apply
    expect(await costOf(free.sessionId)).toBeNull();
    expect((await billing.costs([{ id: 999_999 }])).has(999_999)).toBe(false);
  });
});
