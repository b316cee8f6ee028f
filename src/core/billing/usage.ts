import { applyReading, initialProgress, readingsOf, type ReadingSample } from '../sessions/index.js';
import type { UsagePoint } from './tariff-pricing.js';

/**
 * A session's energy over time, replayed from its stored samples with the sessions' own meter arithmetic
 * (registers, intervals, phases, resets), so the curve is what the session counted. Stored samples are
 * the same however the station batched them into messages, so the curve is too.
 */
export function usagePoints(samples: readonly ReadingSample[], startedAtMs: number, meterStartWh: number | null): UsagePoint[] {
  const ordered = [...samples].sort((a, b) => a.atMs - b.atMs);
  let progress = initialProgress(startedAtMs, meterStartWh);
  const points: UsagePoint[] = [];
  for (const reading of readingsOf(ordered)) {
    if (reading.registerWh === undefined && reading.intervalWh === undefined) continue;
    progress = applyReading(progress, reading);
    points.push({ atMs: reading.atMs, energyWh: progress.energyWh });
  }
  return points;
}
