import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { samplesFromV16 } from './meter-samples.js';
import { loadProgressSeeds } from './progress-repository.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  await kit.connect('SEED-A', '1.6');
});
afterAll(async () => {
  await kit.close();
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('loadProgressSeeds', () => {
  it('rebuilds a running session\'s peak, charging time, first SoC and needs from the store', async () => {
    const { sessionId, transactionRef } = await kit.sessions.start({ stationId: 'SEED-A', evseId: 1, connectorId: 1, idToken: { value: 'T' }, meterStartWh: 10_000, timestamp: at(0) });
    const reading = (m: number, wh: number, w: number, soc: number) =>
      samplesFromV16([{ timestamp: at(m), sampledValue: [{ value: String(wh) }, { value: String(w), measurand: 'Power.Active.Import' }, { value: String(soc), measurand: 'SoC', location: 'EV' }] }], T0);
    // Charging for 30 min (register rising since the start), then idle for 10.
    for (const [m, wh, w, soc] of [[10, 11_000, 6_000, 30], [20, 12_000, 6_500, 32], [30, 13_000, 6_000, 34], [40, 13_000, 0, 34]] as const) {
      await kit.sessions.recordMeterValues({ stationId: 'SEED-A', evseId: 1, connectorId: 1, transactionRef, samples: reading(m, wh, w, soc) });
    }
    await kit.database.db.updateTable('sessions').set({ target_soc: 80, departure_at: new Date(at(120)) }).where('id', '=', sessionId).execute();
    const { sessionId: other } = await kit.sessions.start({ stationId: 'SEED-A', evseId: 2, connectorId: 2, idToken: { value: 'T' }, meterStartWh: 0, timestamp: at(0) });

    await kit.sessions.flush(); // as at shutdown: running sessions' progress is stored

    const seeds = await loadProgressSeeds(kit.database.db);
    const seed = seeds.find((s) => s.id === sessionId);
    expect(seed).toEqual({
      id: sessionId, stationId: 'SEED-A', startedAtMs: T0, energyWh: 3_000, powerW: 0, soc: 34, lastAtMs: T0 + 40 * 60_000, peakPowerW: 6_500,
      chargingMs: 30 * 60_000, firstSoc: { atMs: T0 + 10 * 60_000, soc: 30, energyWh: 1_000, chargingMs: 0 },
      needs: { targetSoc: 80, energyRequestedWh: null, departureMs: T0 + 120 * 60_000, evMaxPowerW: null, capacityWh: null },
    });
    expect(seeds.find((s) => s.id === other)).toMatchObject({ peakPowerW: null, chargingMs: 0, firstSoc: null, needs: null });
  });
});
