import type { OcppVersion } from '../ocpp/index.js';

/** The hardware of one simulated station model. */
export interface StationProfile {
  kind: 'AC' | 'DC';
  maxPowerW: number;
  model: string;
}

/** The models a mixed fleet is made of: AC wallboxes and DC fast chargers. */
export const PROFILES: readonly StationProfile[] = [
  { kind: 'AC', maxPowerW: 11_000, model: 'SimAC-11' },
  { kind: 'AC', maxPowerW: 22_000, model: 'SimAC-22' },
  { kind: 'DC', maxPowerW: 50_000, model: 'SimDC-50' },
  { kind: 'DC', maxPowerW: 150_000, model: 'SimDC-150' },
];

/**
 * Vendor names that say the station is simulated. OCPP 1.6 allows 20 characters for the vendor, so
 * 1.6 stations use the short form.
 */
export const SIM_VENDOR: Readonly<Record<OcppVersion, string>> = { '1.6': 'Chargewatch Sim', '2.0.1': 'Chargewatch Simulator' };

/** Firmware version every simulated station reports. */
export const SIM_FIRMWARE = '1.0.0-sim';

/** What station number i (0-based) of a fleet looks like; versions alternate in a mixed fleet. */
export function stationShape(i: number, ocpp: OcppVersion | 'mix'): StationProfile & { version: OcppVersion; connectors: number } {
  const version: OcppVersion = ocpp === 'mix' ? (i % 2 === 0 ? '1.6' : '2.0.1') : ocpp;
  const profile = PROFILES[Math.floor(i / 2) % PROFILES.length];
  return { ...profile, version, connectors: 1 + (Math.floor(i / 8) % 4) };
}

/** A fleet member's id: prefix plus a zero-padded number (SIM-0001), wide enough for the fleet. */
export function stationId(prefix: string, i: number, total: number): string {
  return `${prefix}${String(i + 1).padStart(Math.max(4, String(total).length), '0')}`;
}
