import { describe, expect, it } from 'vitest';
import { runBench as bench } from '../src/test-kit/bench.js';

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);
const FIGURES = ['rows', 'seconds', 'rowsPerS', 'MB', 'MBPerS', 'rssBeforeMB', 'peakRssMB', 'rssGrowthMB', 'serverCpuS', 'rowsPerServerCpuS'];

// Tiny scale, real processes: the figures' presence is checked, never their values (timing belongs to the bench).
describe('export scenario at tiny scale', () => {
  it('prints CSV and XLSX download figures for a tenth and all of the seeded sessions', async () => {
    const out = await bench(['export', '--sessions', '2000', '--stations', '20']);
    expect(out).toMatchObject({ scenario: 'export', sessions: 2000, stations: 20 });
    expect(isNumber(out.seedS)).toBe(true);
    for (const run of ['csv', 'xlsx', 'csvTenth', 'xlsxTenth']) {
      const figures = out[run] as Record<string, unknown>;
      for (const key of FIGURES) expect(isNumber(figures[key]), `${run}.${key}`).toBe(true);
    }
    expect((out.csv as { rows: number }).rows).toBe(2000);
    expect((out.csvTenth as { rows: number }).rows).toBe(200);
    const flat = out.flat as Record<string, unknown>;
    expect(isNumber(flat.csvPeakRssAllMinusTenthMB) && isNumber(flat.xlsxPeakRssAllMinusTenthMB)).toBe(true);
  }, 180_000);
});
