import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runTs = fileURLToPath(new URL('./run.ts', import.meta.url));

/** Runs one scenario from source (through tsx, which the bench children inherit) and parses its one JSON line. */
function bench(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', runTs, ...args], { timeout: 170_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${err.message}\n${stderr}`));
        return;
      }
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      resolve(JSON.parse(lines[0]!) as Record<string, unknown>);
    });
  });
}

const isNumber = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

// Tiny scale, real processes: the figures' presence is checked, never their values (timing belongs to the bench).
describe('bench scenarios at tiny scale', () => {
  it.each(['sim', 'lean'])('ingest (%s load) prints every figure for the server and the baseline', async (load) => {
    const out = await bench(['ingest', '--stations', '50', '--duration', '3', '--warmup', '1', '--rate', '100', '--clients', '1', '--load', load]);
    expect(out.load).toBe(load);
    const figures = ['msgsPerS', 'p50Ms', 'p99Ms', 'maxMs', 'errors', 'cpuSPer1000', 'msgsPerCpuS', 'cpuCores', 'rssMB', 'clientCpuSPer1000', 'clientCpuCores', 'windowS', 'loadAvg1m'];
    for (const key of [...figures, 'pgCpuSPer1000', 'pgCpuCores', 'rowsPerS', 'msgsPerCpuSWithPg']) expect(isNumber(out[key]), key).toBe(true);
    expect(out.scenario).toBe('ingest');
    expect(out.errors).toBe(0);
    expect(out.rowsPerS as number).toBeGreaterThan(0);
    const gc = out.gc as Record<string, unknown>;
    for (const key of ['pausesPerS', 'share', 'maxMs']) expect(isNumber(gc[key]), `gc.${key}`).toBe(true);
    const baseline = out.baseline as Record<string, unknown>;
    for (const key of figures) expect(isNumber(baseline[key]), `baseline.${key}`).toBe(true);
    expect(isNumber((out.vsBaseline as Record<string, unknown>).cpuPerMsg)).toBe(true);
    expect(Object.keys(out.targets as object)).toEqual(['p99Under100Ms', 'atLeast5000MsgsPerS', 'atLeast20000MsgsPerServerCpuS']);
    // Linux: the main thread's share of a target's CPU, read from /proc (null when a tiny window shows no CPU tick).
    expect(isNumber(out.mainThreadShare)).toBe(true);
    for (const share of [out.mainThreadShare, baseline.mainThreadShare]) {
      if (share === null) continue;
      expect(share as number).toBeGreaterThanOrEqual(0);
      expect(share as number).toBeLessThanOrEqual(1);
    }
  }, 180_000);

  it('connections prints memory per idle station for the server and the baseline', async () => {
    const out = await bench(['connections', '--stations', '50']);
    const figures = ['connected', 'rssBeforeMB', 'rssAfterMB', 'rssPerConnKiB', 'heapPerConnKiB', 'externalPerConnKiB', 'connectS'];
    expect(out.scenario).toBe('connections');
    expect(out.connected).toBe(50);
    for (const key of figures) expect(isNumber(out[key]), key).toBe(true);
    const baseline = out.baseline as Record<string, unknown>;
    for (const key of figures) expect(isNumber(baseline[key]), `baseline.${key}`).toBe(true);
    expect(typeof (out.targets as Record<string, unknown>).atMost10KiBPerIdleStation).toBe('boolean');
  }, 180_000);

  it('eta prints the estimate error per checkpoint for sessions of both versions', async () => {
    const out = await bench(['eta', '--sessions', '1', '--time-scale', '3000']);
    expect(out).toMatchObject({ scenario: 'eta', sessions: 2, finished: 2 });
    const checkpoints = out.checkpoints as Record<string, Record<string, unknown>>;
    expect(Object.keys(checkpoints)).toEqual(['20', '50', '80']);
    for (const key of ['maeMin', 'p90Min', 'maePct', 'p90Pct', 'biasMin']) expect(isNumber(checkpoints['80']![key]), key).toBe(true);
    expect(Object.keys(out.byVersion as object)).toEqual(['1.6', '2.0.1']);
  }, 180_000);
});
