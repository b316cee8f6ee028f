import { createServer } from 'node:net';

/** Memory of a bench child at one instant, in bytes. */
export interface MemorySnapshot {
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Reads this process's memory; with `collect`, after full garbage collections (needs --expose-gc) with
 * pauses between them, so that sockets' freed buffers and finalizers are gone and figures are stable.
 */
export async function memorySnapshot(collect: boolean): Promise<MemorySnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (collect && gc) {
    for (let i = 0; i < 3; i++) {
      gc();
      await pause(100);
    }
  }
  const m = process.memoryUsage();
  return { rssBytes: m.rss, heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, externalBytes: m.external, arrayBuffersBytes: m.arrayBuffers };
}

/** A TCP port that is free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) this process has used so far. */
export function ownCpuS(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
}
