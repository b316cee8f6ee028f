import type { LoadKind } from './load-client.js';
import { LoadFleet } from './load-fleet.js';
import { Target, type TargetKind, type TargetOptions } from './target.js';

/** Settings of the connections scenario. */
export interface ConnectionsOptions extends TargetOptions {
  stations: number;
  clients: number;
  concurrency: number;
  baseline: boolean;
  load: LoadKind;
  log(line: string): void;
}

/** Memory per idle station of one target. */
export interface ConnectionFigures {
  connected: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  rssPerConnKiB: number;
  heapPerConnKiB: number;
  /** Memory outside the JS heap (socket buffers held by Node, ArrayBuffers), per connection. */
  externalPerConnKiB: number;
  connectS: number;
}

const WARM_UP_STATIONS = 50;
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function measure(kind: TargetKind, o: ConnectionsOptions): Promise<ConnectionFigures> {
  o.log(`connections: starting ${kind}`);
  const target = await Target.start(kind, o);
  // One-time costs (schemas compiled, database pool grown, code optimised) are paid before "before".
  const warm = LoadFleet.start(WARM_UP_STATIONS, 1);
  const fleet = LoadFleet.start(o.stations, o.clients);
  try {
    await warm.connect({ load: o.load, url: target.ocppUrl, idPrefix: 'WARM-', concurrency: 10, startTransactions: false, ratePerS: 0 });
    await warm.stop();
    await sleep(1000);
    const before = await target.snapshot(true);
    const started = Date.now();
    const connected = await fleet.connect({ load: o.load, url: target.ocppUrl, idPrefix: 'IDLE-', concurrency: o.concurrency, startTransactions: false, ratePerS: 0 });
    const connectS = (Date.now() - started) / 1000;
    o.log(`connections: ${kind}: ${connected.booted}/${o.stations} stations connected and booted in ${connectS.toFixed(1)} s over ${fleet.processes} load processes`);
    if (connected.booted < o.stations) throw new Error(`${kind}: only ${connected.booted} of ${o.stations} stations booted (${connected.firstFailures.join('; ')})`);
    // Let the connect-time writes settle (batched seen/status rows) before reading memory.
    await sleep(2000);
    const after = await target.snapshot(true);
    if (after.connections !== o.stations) throw new Error(`${kind}: holds ${after.connections} connections, expected ${o.stations}`);
    const per = (a: number, b: number) => round((a - b) / o.stations / 1024);
    return {
      connected: after.connections,
      rssBeforeMB: round(before.rssBytes / 2 ** 20, 1),
      rssAfterMB: round(after.rssBytes / 2 ** 20, 1),
      rssPerConnKiB: per(after.rssBytes, before.rssBytes),
      heapPerConnKiB: per(after.heapUsedBytes, before.heapUsedBytes),
      externalPerConnKiB: per(after.externalBytes, before.externalBytes),
      connectS: round(connectS, 1),
    };
  } finally {
    await warm.stop().catch(() => warm.kill());
    await fleet.stop().catch(() => fleet.kill());
    await target.stop().catch(() => target.kill());
  }
}

/**
 * The connections benchmark: N stations connect and boot, then sit idle; memory per station is read from
 * the server after forced garbage collections, before and after, and the same for the plain-`ws` baseline.
 */
export async function connections(o: ConnectionsOptions): Promise<Record<string, unknown>> {
  const baseline = o.baseline ? await measure('baseline', o) : undefined;
  const server = await measure('server', o);
  return {
    scenario: 'connections',
    machine: 'shared 2-core machine',
    stations: o.stations,
    load: o.load,
    ...server,
    targets: { atMost10KiBPerIdleStation: server.rssPerConnKiB <= 10 },
    baseline: baseline ?? null,
  };
}
