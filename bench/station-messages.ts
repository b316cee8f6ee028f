import type { OcppVersion, Payload } from '../src/ocpp/index.js';
import { SIM_FIRMWARE, SIM_VENDOR, stationShape } from '../src/sim/fleet-profiles.js';
import { DEFAULT_MEASURANDS, takeReadings } from '../src/sim/meter-readings.js';
import { sampledValue16 } from '../src/sim/v16-protocol.js';
import { sampledValue201 } from '../src/sim/v201-protocol.js';

/** What a bench station is and what its meter reads; the same models and meter as the simulator's mixed fleet. */
export interface MeterState {
  readonly version: OcppVersion;
  readonly kind: 'AC' | 'DC';
  readonly powerW: number;
  readonly wobble: number;
  registerWh: number;
  soc: number;
  /** 1.6: the CSMS's transactionId; 2.0.1: our own transactionId. */
  transactionId?: string;
}

/** The meter of fleet member `index` (versions alternate; AC and DC models as the simulator builds them). */
export function meterFor(index: number): MeterState {
  const shape = stationShape(index, 'mix');
  return {
    version: shape.version, kind: shape.kind, powerW: Math.round(shape.maxPowerW * 0.8), wobble: ((index * 7919) % 200) / 100 - 1,
    registerWh: 1_000_000 + ((index * 104_729) % 40_000_000), soc: 20 + (index % 50),
  };
}

/** BootNotification of a bench station (same identity fields as a simulated one). */
export function bootRequest(index: number, id: string): Payload {
  const shape = stationShape(index, 'mix');
  if (shape.version === '1.6') {
    return { chargePointVendor: SIM_VENDOR['1.6'], chargePointModel: shape.model, firmwareVersion: SIM_FIRMWARE, chargePointSerialNumber: `SN-${id}`.slice(0, 25) };
  }
  return { reason: 'PowerUp', chargingStation: { vendorName: SIM_VENDOR['2.0.1'], model: shape.model, firmwareVersion: SIM_FIRMWARE, serialNumber: `SN-${id}`.slice(0, 25) } };
}

/** The request that starts the station's transaction on connector / EVSE 1. */
export function startRequest(m: MeterState, index: number, nowIso: string): { action: string; payload: Payload } {
  const idTag = `BENCH-${String(index % 1000).padStart(4, '0')}`;
  if (m.version === '1.6') {
    return { action: 'StartTransaction', payload: { connectorId: 1, idTag, meterStart: Math.floor(m.registerWh), timestamp: nowIso } };
  }
  m.transactionId = `bench-tx-${index}-${Date.now().toString(36)}`;
  return {
    action: 'TransactionEvent',
    payload: {
      eventType: 'Started', timestamp: nowIso, triggerReason: 'Authorized', seqNo: 0,
      transactionInfo: { transactionId: m.transactionId, chargingState: 'Charging' },
      idToken: { idToken: idTag, type: 'ISO14443' }, evse: { id: 1, connectorId: 1 },
      meterValue: [{ timestamp: nowIso, sampledValue: [{ value: Math.floor(m.registerWh), context: 'Transaction.Begin', measurand: 'Energy.Active.Import.Register', location: 'Outlet', unitOfMeasure: { unit: 'Wh' } }] }],
    },
  };
}

/** Notes what the CSMS answered to the start (1.6: it assigns the transactionId). */
export function startAnswered(m: MeterState, response: Payload): void {
  if (m.version === '1.6' && typeof response.transactionId === 'number') m.transactionId = String(response.transactionId);
}

/**
 * One periodic MeterValues of the running transaction, with the simulator's default measurands (AC: energy,
 * power, current and voltage per phase; DC: energy, power, current, voltage and SoC). The register
 * advances by what the power delivered since the last sample.
 */
export function meterValuesRequest(m: MeterState, elapsedS: number, nowIso: string): Payload {
  m.registerWh += (m.powerW * elapsedS) / 3600;
  if (m.kind === 'DC') m.soc = Math.min(100, m.soc + elapsedS / 60);
  const readings = takeReadings({ kind: m.kind, energyRegisterWh: m.registerWh, powerW: m.powerW, soc: m.kind === 'DC' ? m.soc : undefined, wobble: m.wobble }, DEFAULT_MEASURANDS);
  if (m.version === '1.6') {
    const meterValue = [{ timestamp: nowIso, sampledValue: readings.map((r) => sampledValue16(r, 'Sample.Periodic')) }];
    return m.transactionId === undefined ? { connectorId: 1, meterValue } : { connectorId: 1, transactionId: Number(m.transactionId), meterValue };
  }
  return { evseId: 1, meterValue: [{ timestamp: nowIso, sampledValue: readings.map((r) => sampledValue201(r, 'Sample.Periodic')) }] };
}
