import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiServerArgs, ApiServerInfo, ApiServerSnapshot } from './api-server-process.js';
import { BenchChild } from './ipc.js';
import { hasProc, treeCpu } from './proc-stat.js';
import { SERVER_NODE_FLAGS } from './server-flags.js';

/** The API server child, seen from the driver. */
export class ApiTarget {
  private constructor(private readonly child: BenchChild, readonly info: ApiServerInfo, private readonly cpuProfDir: string | undefined) {}

  /** Forks the server (with --expose-gc, so memory can be read after forced collections) and starts it. */
  static async start(args: ApiServerArgs & { cpuProfDir?: string; nodeFlags?: string[]; log(line: string): void }): Promise<ApiTarget> {
    const logFile = join(tmpdir(), `chargewatch-bench-api-server-${process.pid}.log`);
    const logFd = openSync(logFile, 'w');
    const child = BenchChild.start('api server', 'api-server-process', ['--expose-gc', ...SERVER_NODE_FLAGS, ...(args.nodeFlags ?? [])], logFd);
    closeSync(logFd);
    args.log(`server log: ${logFile}`);
    try {
      const info = await child.call<ApiServerInfo>('start', { messageLog: args.messageLog, seed: args.seed, pingIntervalS: args.pingIntervalS } satisfies ApiServerArgs);
      return new ApiTarget(child, info, args.cpuProfDir);
    } catch (err) {
      child.kill();
      throw err;
    }
  }

  /** CPU and memory now (memory after forced collections with `gc`), and PostgreSQL's CPU when /proc can tell. */
  async snapshot(gc = false): Promise<ApiServerSnapshot & { pgCpuS: number | null }> {
    const s = await this.child.call<ApiServerSnapshot>('snapshot', { gc });
    return { ...s, pgCpuS: this.info.pgPid !== null && hasProc() ? treeCpu(this.info.pgPid).cpuS : null };
  }

  async profileStart(): Promise<void> {
    if (this.cpuProfDir) await this.child.call('profileStart');
  }

  /** Writes `<dir>/server-<scenario>.cpuprofile` and `.heapprofile` when profiling was asked for. */
  async profileStop(scenario: string): Promise<void> {
    if (this.cpuProfDir) await this.child.call('profileStop', { base: join(this.cpuProfDir, `server-${scenario}`) });
  }

  stop(): Promise<void> {
    return this.child.stop(60_000);
  }

  kill(): void {
    this.child.kill();
  }
}
