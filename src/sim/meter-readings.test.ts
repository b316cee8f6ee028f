import { describe, expect, it } from 'vitest';
import { parseMeasurands, takeReadings } from './meter-readings.js';

describe('meter readings', () => {
  it('reports AC per phase and DC as totals, limited to the configured measurands', () => {
    const ac = takeReadings({ kind: 'AC', energyRegisterWh: 1234.9, powerW: 11_040, soc: 55.55, wobble: 0 }, ['Energy.Active.Import.Register', 'Current.Import', 'SoC']);
    expect(ac).toEqual([
      { measurand: 'Energy.Active.Import.Register', value: 1234, unit: 'Wh', location: 'Outlet' },
      { measurand: 'Current.Import', value: 16, unit: 'A', phase: 'L1', location: 'Outlet' },
      { measurand: 'Current.Import', value: 16, unit: 'A', phase: 'L2', location: 'Outlet' },
      { measurand: 'Current.Import', value: 16, unit: 'A', phase: 'L3', location: 'Outlet' },
      { measurand: 'SoC', value: 55.6, unit: 'Percent', location: 'EV' },
    ]);
    const dc = takeReadings({ kind: 'DC', energyRegisterWh: 0, powerW: 40_000, soc: 80, wobble: 0 }, ['Current.Import', 'Voltage']);
    expect(dc).toEqual([
      { measurand: 'Current.Import', value: 100, unit: 'A', location: 'Outlet' },
      { measurand: 'Voltage', value: 400, unit: 'V', location: 'Outlet' },
    ]);
    expect(takeReadings({ kind: 'DC', energyRegisterWh: 0, powerW: 0, wobble: 0 }, ['SoC'])).toEqual([]);
    expect(takeReadings({ kind: 'AC', energyRegisterWh: 0, powerW: 0, offeredW: 22_000, wobble: 0 }, ['Power.Offered'])).toEqual([
      { measurand: 'Power.Offered', value: 22_000, unit: 'W', location: 'Outlet' },
    ]);
  });

  it('parses measurand lists and refuses unknown names', () => {
    expect(parseMeasurands('Energy.Active.Import.Register, SoC')).toEqual(['Energy.Active.Import.Register', 'SoC']);
    expect(parseMeasurands('Energy.Active.Import.Register,Temperature')).toBeUndefined();
  });
});
