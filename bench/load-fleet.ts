import { BenchChild } from './ipc.js';
import { LatencyHistogram } from './latency.js';
import type { ClientFigures, ConnectArgs, LoadKind } from './load-client.js';

/** Sockets one load process may hold: a process may open at most 20,000 files here. */
export const MAX_SOCKETS_PER_PROCESS = 19_000;

/** Loopback source addresses sockets are spread over, so no single address runs out of ephemeral ports. */
export const LOCAL_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);

/** The load of several client processes, added up. */
export interface FleetFigures {
  sent: number;
  answered: number;
  errors: number;
  skipped: number;
  histogram: LatencyHistogram;
  cpuS: number;
  rssBytes: number;
  windowS: number;
}

/** Stations split over several load processes, driven together. */
export class LoadFleet {
  private constructor(private readonly clients: { child: BenchChild; count: number }[]) {}

  /** Forks enough load processes for `stations` (at least `processes`, none above the socket limit). */
  static start(stations: number, processes: number): LoadFleet {
    const n = Math.max(processes, Math.ceil(stations / MAX_SOCKETS_PER_PROCESS), 1);
    const clients = Array.from({ length: n }, (_, i) => ({
      child: BenchChild.start(`load client ${i + 1}`, 'load-client'),
      count: Math.floor(stations / n) + (i < stations % n ? 1 : 0),
    }));
    return new LoadFleet(clients);
  }

  get processes(): number {
    return this.clients.length;
  }

  get pids(): number[] {
    return this.clients.map((c) => c.child.pid);
  }

  /**
   * Connects and boots every station (and starts their transactions); resolves with how many made it.
   * `load` defaults to lean stations (paced by `run`); `ratePerS` (the total message rate, shared out by
   * station count) sets the simulator's meter interval.
   */
  async connect(args: Omit<ConnectArgs, 'firstIndex' | 'count' | 'localAddresses' | 'load' | 'ratePerS'> & { load?: LoadKind; ratePerS?: number }): Promise<{ booted: number; failed: number; firstFailures: string[] }> {
    let first = 0;
    const total = this.clients.reduce((n, c) => n + c.count, 0);
    const results = await Promise.all(this.clients.map((c) => {
      const firstIndex = first;
      first += c.count;
      const share = {
        ...args, load: args.load ?? 'lean', firstIndex, count: c.count, localAddresses: LOCAL_ADDRESSES, ratePerS: ((args.ratePerS ?? 0) * c.count) / total,
      } satisfies ConnectArgs;
      return c.child.call<{ booted: number; failed: number; firstFailures: string[] }>('connect', share);
    }));
    return {
      booted: results.reduce((n, r) => n + r.booted, 0),
      failed: results.reduce((n, r) => n + r.failed, 0),
      firstFailures: results.flatMap((r) => r.firstFailures).slice(0, 5),
    };
  }

  /** Starts the paced MeterValues; each process sends its share of `ratePerS`. */
  async run(ratePerS: number, stations: number): Promise<void> {
    await Promise.all(this.clients.map((c) => c.child.call('run', { ratePerS: (ratePerS * c.count) / stations })));
  }

  /** Starts a measurement window in every process. */
  async mark(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.child.call('mark')));
  }

  /** What every process measured since the mark, added up. */
  async collect(): Promise<FleetFigures> {
    const all = await Promise.all(this.clients.map((c) => c.child.call<ClientFigures>('collect')));
    const histogram = new LatencyHistogram();
    for (const f of all) histogram.merge(f.histogram);
    const sum = (pick: (f: ClientFigures) => number) => all.reduce((n, f) => n + pick(f), 0);
    return {
      sent: sum((f) => f.sent), answered: sum((f) => f.answered), errors: sum((f) => f.errors), skipped: sum((f) => f.skipped),
      histogram, cpuS: sum((f) => f.cpuS), rssBytes: sum((f) => f.rssBytes), windowS: Math.max(...all.map((f) => f.windowS)),
    };
  }

  async halt(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.child.call('halt')));
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.child.stop(10_000)));
  }

  kill(): void {
    for (const c of this.clients) c.child.kill();
  }
}
