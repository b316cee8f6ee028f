import { describe, expect, it } from 'vitest';
import { checkpointFigures, errorAt, p90, type EtaSession } from './eta-figures.js';

const MIN = 60_000;

describe('ETA accuracy figures', () => {
  const session: EtaSession = {
    version: '1.6', kind: 'AC', startMs: 0, endMs: 100 * MIN,
    observations: [
      { asOfMs: 10 * MIN, etaMs: null },
      { asOfMs: 19 * MIN, etaMs: 110 * MIN },
      { asOfMs: 50 * MIN, etaMs: 95 * MIN },
      { asOfMs: 79 * MIN, etaMs: 101 * MIN },
    ],
  };

  it('judges the latest estimate made at or before each checkpoint, against the time then left', () => {
    expect(errorAt(session, 0.2)).toEqual({ minutes: 10, percent: (10 / 81) * 100 });
    expect(errorAt(session, 0.5)).toEqual({ minutes: -5, percent: 10 });
    expect(errorAt(session, 0.8)).toEqual({ minutes: 1, percent: (1 / 21) * 100 });
    expect(errorAt({ ...session, observations: session.observations.slice(0, 1) }, 0.2)).toBeNull();
  });

  it('reports mean absolute, p90 and bias per checkpoint, counting sessions without an estimate', () => {
    const late: EtaSession = { ...session, observations: [{ asOfMs: 20 * MIN, etaMs: 130 * MIN }, { asOfMs: 80 * MIN, etaMs: 100 * MIN }] };
    const f = checkpointFigures([session, late, { ...session, observations: [] }]);
    expect(f['20']).toMatchObject({ sessions: 3, missing: 1, maeMin: 20, biasMin: 20, p90Min: 30 });
    expect(f['50']).toMatchObject({ missing: 1, maeMin: 17.5, biasMin: 12.5 });
    expect(f['80']).toMatchObject({ missing: 1, maeMin: 0.5, p90Min: 1 });
    expect(p90([5, 1, 2, 3, 4, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([])).toBeNull();
  });
});
