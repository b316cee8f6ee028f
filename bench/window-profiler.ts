import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

let profiler: Session | undefined;

/**
 * Starts a V8 CPU profile and an allocation sampling profile of this process, so that the measured
 * window is profiled and the setup is not.
 */
export async function profileStart(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
  await profiler.post('HeapProfiler.enable');
  await profiler.post('HeapProfiler.startSampling', { samplingInterval: 16 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await profiler.post('Profiler.start');
}

/**
 * Stops both profiles and writes `<base>.cpuprofile` and `<base>.heapprofile` (what allocated the garbage);
 * open them in Chrome DevTools or speedscope.
 */
export async function profileStop(args: { base: string }): Promise<void> {
  if (!profiler) return;
  const { profile } = await profiler.post('Profiler.stop');
  const { profile: allocations } = await profiler.post('HeapProfiler.stopSampling');
  profiler.disconnect();
  profiler = undefined;
  writeFileSync(`${args.base}.cpuprofile`, JSON.stringify(profile));
  writeFileSync(`${args.base}.heapprofile`, JSON.stringify(allocations));
}

