import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A request from the bench driver to one of its child processes. */
interface RpcRequest {
  rpc: number;
  op: string;
  args: unknown;
}

/** The child's answer to one request. */
interface RpcReply {
  rpc: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** What a child does for each operation the driver may ask of it. */
export type RpcHandlers = Record<string, (args: never) => unknown>;

/**
 * Answers the driver's requests in a child process until the IPC channel closes. Errors travel back as
 * messages, so a failing operation fails the benchmark with its reason rather than a hung driver.
 */
export function serveRpc(handlers: RpcHandlers, cleanUp: () => Promise<void> | void = () => undefined): void {
  process.on('message', (message: RpcRequest) => {
    const handler = handlers[message.op] as ((args: unknown) => unknown) | undefined;
    const reply = (r: Omit<RpcReply, 'rpc'>) => process.send?.({ rpc: message.rpc, ...r });
    if (!handler) {
      reply({ ok: false, error: `unknown operation ${message.op}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then((result) => reply({ ok: true, result }), (err: unknown) => reply({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }));
  });
  // The driver going away (killed, crashed) must not leave a bench child, or the database it started, running.
  process.on('disconnect', () => {
    Promise.resolve()
      .then(cleanUp)
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
}

/** The file name of a sibling bench module, whether the bench runs compiled (.js) or from source (.ts). */
export function siblingModule(name: string): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${name}${ext}`, import.meta.url));
}

/** One bench child process, driven by requests over IPC. */
export class BenchChild {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private exited: string | undefined;

  private constructor(readonly name: string, readonly process: ChildProcess) {
    process.on('message', (m: RpcReply) => {
      const w = this.waiting.get(m.rpc);
      if (!w) return;
      this.waiting.delete(m.rpc);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${name}: ${m.error ?? 'failed'}`));
    });
    process.on('exit', (code, signal) => {
      this.exited = `${name} exited (code ${code ?? 'none'}, signal ${signal ?? 'none'})`;
      for (const w of this.waiting.values()) w.reject(new Error(this.exited));
      this.waiting.clear();
    });
  }

  /**
   * Forks a sibling module with extra node flags; the child inherits the driver's loader flags (tsx in tests).
   * Its stdout goes to `stdoutFd` (default: the driver's stderr), so the driver's stdout holds only figures.
   */
  static start(name: string, module: string, nodeFlags: string[] = [], stdoutFd = 2): BenchChild {
    const child = fork(siblingModule(module), [], {
      execArgv: [...process.execArgv, ...nodeFlags],
      stdio: ['ignore', stdoutFd, 2, 'ipc'],
    });
    return new BenchChild(name, child);
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  /** Sends one request and resolves with the child's result. */
  call<T>(op: string, args: unknown = {}): Promise<T> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const rpc = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(rpc, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ rpc, op, args } satisfies RpcRequest);
    });
  }

  /** Asks the child to stop, then waits for it to exit (killing it after `graceMs`). */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    await Promise.race([this.call('stop').catch(() => undefined), gone]);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    if (this.process.connected) this.process.disconnect();
    await gone;
    clearTimeout(timer);
  }

  /** Ends the child at once (driver failure). */
  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }
}
