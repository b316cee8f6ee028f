import { describe, expect, it } from 'vitest';
import { layoutId, layoutKey, MeterLayouts, type ReadingShape } from './meter-layouts.js';

const reading = (measurand: string, phase: string | null = null, unit: string | null = 'W', multiplier: number | null = null): ReadingShape => ({
  measurand, phase, location: 'Outlet', context: 'Sample.Periodic', unit, multiplier,
});

describe('meter layouts', () => {
  it('gives different layouts different keys, however their texts are cut', () => {
    // The same characters split differently between fields, NULL against an empty or a "-" text.
    expect(layoutKey([reading('A', 'B')])).not.toBe(layoutKey([reading('AB', null)]));
    expect(layoutKey([reading('A', null)])).not.toBe(layoutKey([reading('A', '')]));
    expect(layoutKey([reading('A', null)])).not.toBe(layoutKey([reading('A', '-')]));
    expect(layoutKey([reading('A', '1:B')])).not.toBe(layoutKey([reading('A', 'B')]));
    expect(layoutKey([reading('A'), reading('B')])).not.toBe(layoutKey([reading('B'), reading('A')]));
    expect(layoutKey([reading('A', null, 'W', 3)])).not.toBe(layoutKey([reading('A', null, 'W', null)]));
  });

  it('ids are a stable 64-bit hash of the key', () => {
    const key = layoutKey([reading('Energy.Active.Import.Register', null, 'Wh')]);
    expect(layoutId(key)).toBe(layoutId(key));
    expect(layoutId(key)).not.toBe(layoutId(layoutKey([reading('Energy.Active.Import.Register', null, 'kWh')])));
    expect(layoutId(key) >= -(2n ** 63n) && layoutId(key) < 2n ** 63n).toBe(true);
  });

  it('hands a station the layout it used last, and the same layout to every station of that shape', () => {
    const layouts = new MeterLayouts();
    const shape = [reading('Power.Active.Import'), reading('Current.Import', 'L1', 'A'), reading('SoC', null, 'Percent')];
    const a = layouts.of('A', shape);
    expect(layouts.of('A', shape.map((r) => ({ ...r })))).toBe(a);
    expect(layouts.of('B', shape)).toBe(a);
    expect(a).toMatchObject({ measurands: ['Power.Active.Import', 'Current.Import', 'SoC'], phases: [null, 'L1', null], units: ['W', 'A', 'Percent'] });
    // A part of the readings, and a change of context, are layouts of their own.
    const part = layouts.of('A', shape, 1, 3);
    expect(part.measurands).toEqual(['Current.Import', 'SoC']);
    const ending = layouts.of('A', shape.map((r) => ({ ...r, context: 'Transaction.End' })));
    expect(new Set([a.id, part.id, ending.id]).size).toBe(3);
    expect(layouts.of('A', shape)).toBe(a);
  });
});
