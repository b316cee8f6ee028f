import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { TrackedSession } from './active-sessions.js';
import type { SessionWriter } from './session-writer.js';
import type { SessionPatch } from './sessions-repository.js';

/** What an EV said it needs (2.0.1 NotifyEVChargingNeeds), in the CSMS's units; null when not given. */
export interface ChargingNeedsInput {
  stationId: string;
  evseId: number;
  /** AC_single_phase, AC_three_phase, DC, … as the EV asked. */
  requestedEnergyTransfer: string;
  targetSoc: number | null;
  energyRequestedWh: number | null;
  departureTime: string | null;
  evMaxPowerW: number | null;
  capacityWh: number | null;
  /** The EV's SoC when it sent its needs (DC only). */
  soc: number | null;
  /** The request as received, kept verbatim. */
  payload: Record<string, unknown>;
}

/** Where the needs went: onto a running session, or held for the EVSE's next one. */
export interface ChargingNeedsResult {
  sessionId: number | null;
  held: boolean;
}

/** Needs sent before the transaction started are applied to a session starting within this time. */
const HOLD_MS = 30 * 60_000;

function departureOf(text: string | null): Date | null {
  if (text === null) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * Keeps what EVs say they need on their sessions (one transaction with a `session.needs` outbox event,
 * which the live progress and its time-to-target follow). An EV may state its needs before the station
 * starts the transaction (ISO 15118 negotiates them first): those are held in memory for the EVSE's next
 * session.
 */
export class ChargingNeedsBook {
  private readonly held = new Map<string, { needs: ChargingNeedsInput; atMs: number }>();

  constructor(private readonly deps: { writer: SessionWriter; clock: Clock; logger: Logger }) {}

  /** Stores the needs on the EVSE's running session, or holds them when none runs. */
  async record(needs: ChargingNeedsInput, running: TrackedSession | undefined): Promise<ChargingNeedsResult> {
    if (!running) {
      this.held.set(`${needs.stationId}|${needs.evseId}`, { needs, atMs: this.deps.clock.nowMs() });
      this.deps.logger.debug({ stationId: needs.stationId, evseId: needs.evseId }, 'charging needs held until a session starts');
      return { sessionId: null, held: true };
    }
    const departure = departureOf(needs.departureTime);
    const patch: SessionPatch = {
      target_soc: needs.targetSoc, energy_requested_wh: needs.energyRequestedWh, departure_at: departure, ev_max_power_w: needs.evMaxPowerW,
      ev_capacity_wh: needs.capacityWh, charging_needs: JSON.stringify(needs.payload), charging_needs_at: this.deps.clock.now(),
    };
    const w = this.deps.writer;
    await w.change(running, {
      progress: running.progress, samples: [], patch,
      events: (r) => [w.event('session.needs', r, {
        evseId: r.evse_id, requestedEnergyTransfer: needs.requestedEnergyTransfer, targetSoc: needs.targetSoc, energyRequestedWh: needs.energyRequestedWh,
        departureTime: departure?.toISOString() ?? null, evMaxPowerW: needs.evMaxPowerW, capacityWh: needs.capacityWh, soc: needs.soc,
      })],
    });
    return { sessionId: running.id, held: false };
  }

  /** Needs held for an EVSE (and recent enough), taken out of the book. */
  take(stationId: string, evseId: number): ChargingNeedsInput | undefined {
    const key = `${stationId}|${evseId}`;
    const entry = this.held.get(key);
    if (!entry) return undefined;
    this.held.delete(key);
    return this.deps.clock.nowMs() - entry.atMs <= HOLD_MS ? entry.needs : undefined;
  }

  /** True when needs are held for some EVSE of the station (a cheap check on the start path). */
  holdsFor(stationId: string): boolean {
    if (this.held.size === 0) return false;
    for (const key of this.held.keys()) if (key.startsWith(`${stationId}|`)) return true;
    return false;
  }
}
