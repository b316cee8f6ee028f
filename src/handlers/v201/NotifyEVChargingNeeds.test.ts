import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { NotifyEVChargingNeeds } from './NotifyEVChargingNeeds.js';
import { TransactionEvent } from './TransactionEvent.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'accept' });
  await kit.connect('NEED-A', '2.0.1');
});
afterAll(async () => {
  await kit.close();
});

const started = async (evseId: number, transactionId: string) => {
  await kit.handle('2.0.1', 'TransactionEvent', TransactionEvent, 'NEED-A', {
    eventType: 'Started', seqNo: 0, timestamp: kit.clock.now().toISOString(), triggerReason: 'CablePluggedIn', evse: { id: evseId, connectorId: 1 },
    transactionInfo: { transactionId, chargingState: 'EVConnected' },
  });
  return kit.database.db.selectFrom('sessions').selectAll().where('transaction_ref', '=', transactionId).executeTakeFirstOrThrow();
};
const row = (id: number) => kit.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('2.0.1 NotifyEVChargingNeeds', () => {
  it('stores a DC EV\'s needs on its running session, verbatim too, and raises session.needs', async () => {
    const session = await started(1, 'tx-dc');
    const request = {
      evseId: 1, maxScheduleTuples: 3,
      chargingNeeds: {
        requestedEnergyTransfer: 'DC' as const, departureTime: '2026-01-01T02:30:00Z',
        dcChargingParameters: { evMaxCurrent: 300, evMaxVoltage: 500, evMaxPower: 150_000, energyAmount: 42_000, stateOfCharge: 23, evEnergyCapacity: 77_000, fullSoC: 90, bulkSoC: 80 },
      },
    };
    expect(await kit.handle('2.0.1', 'NotifyEVChargingNeeds', NotifyEVChargingNeeds, 'NEED-A', request)).toEqual({ status: 'Accepted' });
    const stored = await row(session.id);
    expect(stored).toMatchObject({ target_soc: 90, energy_requested_wh: 42_000, ev_max_power_w: 150_000, ev_capacity_wh: 77_000, charging_needs: request });
    expect(stored.departure_at?.toISOString()).toBe('2026-01-01T02:30:00.000Z');
    expect(stored.charging_needs_at?.getTime()).toBe(kit.clock.nowMs());
    const event = kit.events.find((e) => e.type === 'session.needs' && e.sessionId === session.id);
    expect(event?.id).toBeDefined();
    expect(event?.data).toMatchObject({ targetSoc: 90, energyRequestedWh: 42_000, departureTime: '2026-01-01T02:30:00.000Z', evMaxPowerW: 150_000, capacityWh: 77_000, soc: 23, requestedEnergyTransfer: 'DC' });
    const outbox = await kit.database.db.selectFrom('events').select('type').where('type', '=', 'session.needs').where('session_id', '=', session.id).execute();
    expect(outbox).toHaveLength(1);
  });

  it('works out an AC EV\'s maximum power from its current and phases', async () => {
    const session = await started(2, 'tx-ac');
    await kit.handle('2.0.1', 'NotifyEVChargingNeeds', NotifyEVChargingNeeds, 'NEED-A', {
      evseId: 2, chargingNeeds: { requestedEnergyTransfer: 'AC_three_phase', acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 400 } },
    });
    expect(await row(session.id)).toMatchObject({ target_soc: null, energy_requested_wh: 20_000, ev_max_power_w: 16 * 230 * 3, ev_capacity_wh: null, departure_at: null });
  });

  it('holds needs stated before the transaction starts and puts them on the EVSE\'s next session', async () => {
    expect(await kit.handle('2.0.1', 'NotifyEVChargingNeeds', NotifyEVChargingNeeds, 'NEED-A', {
      evseId: 3, chargingNeeds: { requestedEnergyTransfer: 'AC_single_phase', acChargingParameters: { energyAmount: 9_000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 250 } },
    })).toEqual({ status: 'Accepted' });
    const session = await started(3, 'tx-early');
    expect(await row(session.id)).toMatchObject({ energy_requested_wh: 9_000, ev_max_power_w: 32 * 230 });
    // Taken once: the next session on that EVSE starts without them.
    await TransactionEvent(kit.context('NEED-A'), { eventType: 'Ended', seqNo: 1, timestamp: kit.clock.now().toISOString(), triggerReason: 'EVDeparted', transactionInfo: { transactionId: 'tx-early', stoppedReason: 'EVDisconnected' } });
    const next = await started(3, 'tx-later');
    expect((await row(next.id)).energy_requested_wh).toBeNull();
  });
});
