import type { OcppVersion } from '../ocpp/index.js';
import { FleetProgress } from './fleet-progress.js';
import { SIM_FIRMWARE, SIM_VENDOR, stationId, stationShape } from './fleet-profiles.js';
import { SimStation } from './sim-station.js';
import { quietLogger, type SimLogger } from './types.js';

/** How to build and run a fleet of simulated stations. */
export interface FleetOptions {
  /** Base URL of the CSMS, e.g. ws://127.0.0.1:9000/ocpp. */
  url: string;
  stations: number;
  ocpp: OcppVersion | 'mix';
  /** Default 'SIM-'. */
  idPrefix?: string;
  /** Index of the first station (to split one fleet over several processes); default 0. */
  firstIndex?: number;
  /** Default 60. */
  meterIntervalS?: number;
  /** Faults per connector per simulated hour; default 0. */
  faultRate?: number;
  /** EVs arrive on their own; default true. */
  autoCharge?: boolean;
  /** New connections per second; default 200. */
  connectRatePerS?: number;
  password?: string;
  /** Source addresses to spread sockets over (127.0.0.x), round robin. */
  localAddresses?: string[];
  /** Show a progress bar on stderr (only for 50 stations or more). */
  progress?: boolean;
  timeScale?: number;
  /** Tokens drivers present; default SIM-TAG-0001 … SIM-TAG-0020. */
  idTokens?: string[];
  /** Default true. */
  reconnect?: boolean;
  validateOutbound?: boolean;
  logger?: SimLogger;
  random?: () => number;
}

/** Totals over a fleet. */
export interface FleetStats {
  stations: number;
  connected: number;
  booted: number;
  /** Connectors delivering power right now. */
  charging: number;
  /** Transactions running. */
  transactions: number;
  sent: number;
  acked: number;
  errors: number;
  commands: number;
  connects: number;
  /** Messages waiting to be sent (offline queues included). */
  backlog: number;
}

/** A running fleet. */
export interface Fleet {
  readonly stations: SimStation[];
  stats(): FleetStats;
  /** Resolves once every station has booted (or rejects after timeoutMs). */
  whenBooted(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sums the state of many stations. */
export function fleetStats(stations: readonly SimStation[]): FleetStats {
  const t: FleetStats = { stations: stations.length, connected: 0, booted: 0, charging: 0, transactions: 0, sent: 0, acked: 0, errors: 0, commands: 0, connects: 0, backlog: 0 };
  for (const s of stations) {
    if (s.connected) t.connected++;
    if (s.booted) t.booted++;
    for (const c of s.connectors) {
      if (c.status === 'Charging') t.charging++;
      if (c.tx) t.transactions++;
    }
    const k = s.link.counters;
    t.sent += k.sent;
    t.acked += k.acked;
    t.errors += k.errors;
    t.commands += k.commands;
    t.connects += k.connects;
    t.backlog += s.backlog;
  }
  return t;
}

/**
 * Builds a fleet of simulated stations and connects them at `connectRatePerS`. Resolves once every
 * station has been started (not necessarily booted: see `whenBooted`). All stations share one tick timer.
 */
export async function runFleet(options: FleetOptions): Promise<Fleet> {
  const logger = options.logger ?? quietLogger;
  const prefix = options.idPrefix ?? 'SIM-';
  const first = options.firstIndex ?? 0;
  const idTokens = options.idTokens ?? Array.from({ length: 20 }, (_, i) => `SIM-TAG-${String(i + 1).padStart(4, '0')}`);
  const addresses = options.localAddresses ?? [];
  const stations: SimStation[] = [];
  const total = first + options.stations;
  for (let i = first; i < total; i++) {
    const shape = stationShape(i, options.ocpp);
    const id = stationId(prefix, i, total);
    stations.push(new SimStation({
      id, url: options.url, version: shape.version, connectors: shape.connectors, kind: shape.kind, maxPowerW: shape.maxPowerW,
      password: options.password, meterIntervalS: options.meterIntervalS ?? 60, vendor: SIM_VENDOR[shape.version], model: shape.model,
      firmwareVersion: SIM_FIRMWARE, serialNumber: `SN-${id}`, idTokens, autoCharge: options.autoCharge ?? true,
      faultRate: options.faultRate ?? 0, reconnect: options.reconnect ?? true, timeScale: options.timeScale,
      localAddress: addresses.length > 0 ? addresses[i % addresses.length] : undefined, validateOutbound: options.validateOutbound,
    }, { logger, random: options.random }));
  }

  const progress = options.progress && stations.length >= 50 ? new FleetProgress(stations.length, () => fleetStats(stations)) : undefined;
  const starts: Promise<void>[] = [];
  const batch = Math.max(1, Math.round((options.connectRatePerS ?? 200) / 20));
  for (let i = 0; i < stations.length; i++) {
    if (i > 0 && i % batch === 0) await sleep(50);
    const s = stations[i];
    const started = s.start();
    started.catch((err: Error) => logger.warn({ station: s.id, err: err.message }, 'sim station did not start'));
    starts.push(started);
  }

  return {
    stations,
    stats: () => fleetStats(stations),
    async whenBooted(timeoutMs = 60_000): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`fleet not booted within ${timeoutMs} ms: ${fleetStats(stations).booted}/${stations.length}`)), timeoutMs);
      });
      try {
        await Promise.race([Promise.all(starts), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop(): Promise<void> {
      progress?.stop();
      await Promise.all(stations.map((s) => s.stop()));
    },
  };
}
