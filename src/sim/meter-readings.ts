/** The measurands the simulated meter can report (the MeterValuesSampledData / SampledDataCtrlr set). */
export const SUPPORTED_MEASURANDS = [
  'Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC', 'Power.Offered',
] as const;

/** One supported measurand. */
export type SimMeasurand = (typeof SUPPORTED_MEASURANDS)[number];

/** The default sampled set: what the meter measures (the offered limit is reported when configured). */
export const DEFAULT_MEASURANDS: SimMeasurand[] = ['Energy.Active.Import.Register', 'Power.Active.Import', 'Current.Import', 'Voltage', 'SoC'];

/** A version-neutral meter reading; each protocol formats it its own way. */
export interface Reading {
  measurand: SimMeasurand;
  value: number;
  unit: 'Wh' | 'W' | 'A' | 'V' | 'Percent';
  phase?: 'L1' | 'L2' | 'L3' | 'L1-N' | 'L2-N' | 'L3-N';
  location?: 'EV' | 'Outlet';
}

/** What the meter sees at one instant. */
export interface MeterState {
  kind: 'AC' | 'DC';
  energyRegisterWh: number;
  powerW: number;
  soc?: number;
  /** The power the EVSE offers the EV now (its limit), in W. */
  offeredW?: number;
  /** Small per-connector wobble so the grid voltage is not a flat line (-1..1). */
  wobble: number;
}

const AC_PHASE_VOLTS = 230;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** DC link voltage follows the battery: about 360 V empty to 410 V full. */
function dcVolts(soc: number | undefined): number {
  return 360 + 0.5 * (soc ?? 50);
}

/**
 * The readings for one sample, limited to the configured measurands. AC is three-phase 230 V with the
 * current per phase; DC reports a total current and the DC voltage. The energy register is whole Wh.
 */
export function takeReadings(m: MeterState, measurands: readonly SimMeasurand[]): Reading[] {
  const out: Reading[] = [];
  const volts = m.kind === 'AC' ? AC_PHASE_VOLTS + m.wobble * 3 : dcVolts(m.soc);
  for (const measurand of measurands) {
    switch (measurand) {
      case 'Energy.Active.Import.Register':
        out.push({ measurand, value: Math.floor(m.energyRegisterWh), unit: 'Wh', location: 'Outlet' });
        break;
      case 'Power.Active.Import':
        out.push({ measurand, value: Math.round(m.powerW), unit: 'W', location: 'Outlet' });
        break;
      case 'Current.Import':
        if (m.kind === 'AC') {
          const amps = round1(m.powerW / (3 * volts));
          for (const phase of ['L1', 'L2', 'L3'] as const) out.push({ measurand, value: amps, unit: 'A', phase, location: 'Outlet' });
        } else {
          out.push({ measurand, value: round1(m.powerW / volts), unit: 'A', location: 'Outlet' });
        }
        break;
      case 'Voltage':
        if (m.kind === 'AC') {
          for (const phase of ['L1-N', 'L2-N', 'L3-N'] as const) out.push({ measurand, value: round1(volts), unit: 'V', phase, location: 'Outlet' });
        } else {
          out.push({ measurand, value: round1(volts), unit: 'V', location: 'Outlet' });
        }
        break;
      case 'SoC':
        if (m.soc !== undefined) out.push({ measurand, value: round1(m.soc), unit: 'Percent', location: 'EV' });
        break;
      case 'Power.Offered':
        if (m.offeredW !== undefined) out.push({ measurand, value: Math.round(m.offeredW), unit: 'W', location: 'Outlet' });
        break;
    }
  }
  return out;
}

/** Parses a comma-separated measurand list; undefined when any entry is unsupported. */
export function parseMeasurands(text: string): SimMeasurand[] | undefined {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = new Set<string>(SUPPORTED_MEASURANDS);
  if (!names.every((n) => known.has(n))) return undefined;
  return names as SimMeasurand[];
}
