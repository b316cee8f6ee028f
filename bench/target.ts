import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './ipc.js';
import type { MemorySnapshot } from './process-figures.js';
import { hasProc, treeCpu } from './proc-stat.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

/** The process under load: the real server (with its PostgreSQL) or the plain-`ws` baseline. */
export type TargetKind = 'server' | 'baseline';

/** A target's own figures at one instant. */
export interface TargetSnapshot extends MemorySnapshot {
  cpuS: number;
  /** CPU seconds of the target's main thread and of the whole process, from /proc (null without it). */
  threads: { mainS: number; allS: number } | null;
  connections: number;
  /** CPU seconds of the embedded PostgreSQL (postmaster and backends); null for the baseline or without /proc. */
  pgCpuS: number | null;
  /** The server's batch committer (absent for the baseline): batches, rows, milliseconds, and milliseconds per step. */
  batches?: number;
  batchItems?: number;
  batchMs?: number;
  batchStepMs?: Record<string, number>;
  /** The server's event-loop delay since the previous snapshot (absent for the baseline). */
  loopDelayP99Ms?: number;
  loopDelayMaxMs?: number;
  /** The server's garbage-collection pauses since the previous snapshot (absent for the baseline). */
  gcPauses?: number;
  gcTotalMs?: number;
  gcMaxMs?: number;
}

/** How a target is run. */
export interface TargetOptions {
  messageLog: 'all' | 'none';
  /** Write a V8 CPU profile of the target's measured window into this directory. */
  cpuProfDir?: string;
  /** Extra node flags for the target process (e.g. GC settings being evaluated). */
  nodeFlags?: string[];
  log?(line: string): void;
}

/** A started target process. */
export class Target {
  private constructor(
    readonly kind: TargetKind, private readonly child: BenchChild, readonly ocppUrl: string,
    private readonly pgPid: number | null, private readonly cpuProfDir: string | undefined,
  ) {}

  /**
   * Forks the target with --expose-gc (memory is read after forced collections) and starts it. The server's
   * log goes to a file in the temp directory: thousands of stations make thousands of log lines.
   */
  static async start(kind: TargetKind, options: TargetOptions): Promise<Target> {
    const logFile = join(tmpdir(), `chargewatch-bench-${kind}-${process.pid}.log`);
    const logFd = openSync(logFile, 'w');
    const child = BenchChild.start(kind, kind === 'server' ? 'server-process' : 'baseline-process', ['--expose-gc', ...(kind === 'server' ? SERVER_NODE_FLAGS : []), ...(options.nodeFlags ?? [])], logFd);
    closeSync(logFd);
    options.log?.(`${kind} log: ${logFile}`);
    try {
      const info = await child.call<{ ocppUrl: string; pgPid?: number | null }>('start', { messageLog: options.messageLog });
      return new Target(kind, child, info.ocppUrl, info.pgPid ?? null, options.cpuProfDir);
    } catch (err) {
      child.kill();
      throw err;
    }
  }

  get pid(): number {
    return this.child.pid;
  }

  /** CPU and memory now; with `gc`, memory after forced full collections. */
  async snapshot(gc = false): Promise<TargetSnapshot> {
    const s = await this.child.call<Omit<TargetSnapshot, 'pgCpuS'>>('snapshot', { gc });
    return { ...s, pgCpuS: this.pgPid !== null && hasProc() ? treeCpu(this.pgPid).cpuS : null };
  }

  /** Starts profiling the target when a profile directory was asked for. */
  async profileStart(): Promise<void> {
    if (this.cpuProfDir) await this.child.call('profileStart');
  }

  /** Writes the profiles as `<dir>/<kind>-<scenario>.cpuprofile` and `.heapprofile`. */
  async profileStop(scenario: string): Promise<void> {
    if (this.cpuProfDir) await this.child.call('profileStop', { base: join(this.cpuProfDir, `${this.kind}-${scenario}`) });
  }

  /** Meter samples (readings) committed with a server receive time in the window (server only). */
  countSamples(fromMs: number, toMs: number): Promise<number> {
    return this.child.call<number>('countSamples', { fromMs, toMs });
  }

  /** Stops the target (the server commits what it holds and stops its PostgreSQL). */
  stop(): Promise<void> {
    return this.child.stop(60_000);
  }

  kill(): void {
    this.child.kill();
  }
}
