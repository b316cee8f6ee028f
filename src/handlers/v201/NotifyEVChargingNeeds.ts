import type { ChargingNeedsInput } from '../../core/sessions/index.js';
import type { V201Request } from '../../ocpp/index.js';
import type { V201Handler } from '../context.js';

type Needs = V201Request<'NotifyEVChargingNeeds'>['chargingNeeds'];

/** Nominal AC phase voltage: evMaxVoltage is what the EV tolerates, not what the grid supplies. */
const AC_PHASE_VOLTS = 230;
const PHASES: Record<string, number> = { AC_single_phase: 1, AC_two_phase: 2, AC_three_phase: 3 };

/** The needs in the CSMS's terms: Wh, W, %, with the EV's maximum power worked out when not stated. */
export function chargingNeedsOf(stationId: string, evseId: number, needs: Needs): Omit<ChargingNeedsInput, 'payload'> {
  const ac = needs.acChargingParameters;
  const dc = needs.dcChargingParameters;
  const base = { stationId, evseId, requestedEnergyTransfer: needs.requestedEnergyTransfer, departureTime: needs.departureTime ?? null };
  if (dc) {
    return {
      ...base, targetSoc: dc.fullSoC ?? null, energyRequestedWh: dc.energyAmount ?? null, evMaxPowerW: dc.evMaxPower ?? dc.evMaxCurrent * dc.evMaxVoltage,
      capacityWh: dc.evEnergyCapacity ?? null, soc: dc.stateOfCharge ?? null,
    };
  }
  if (ac) {
    const phases = PHASES[needs.requestedEnergyTransfer] ?? 1;
    return { ...base, targetSoc: null, energyRequestedWh: ac.energyAmount, evMaxPowerW: ac.evMaxCurrent * AC_PHASE_VOLTS * phases, capacityWh: null, soc: null };
  }
  return { ...base, targetSoc: null, energyRequestedWh: null, evMaxPowerW: null, capacityWh: null, soc: null };
}

/**
 * 2.0.1 NotifyEVChargingNeeds (K15/K16/K17): what an ISO 15118 EV needs (energy, target SoC, departure
 * time, its limits), kept on its session for the time-to-target estimate. Accepted: the needs are taken
 * into account.
 */
export const NotifyEVChargingNeeds: V201Handler<'NotifyEVChargingNeeds'> = async (ctx, request) => {
  await ctx.services.sessions.recordChargingNeeds({
    ...chargingNeedsOf(ctx.stationId, request.evseId, request.chargingNeeds),
    payload: request as unknown as Record<string, unknown>,
  });
  return { status: 'Accepted' };
};
