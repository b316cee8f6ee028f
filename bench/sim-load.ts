import { runFleet, type Fleet, type SimStation } from '../src/sim/index.js';
import type { StationSink } from './bench-station.js';

/** How the simulated fleet of one load process is built. */
export interface SimLoadArgs {
  url: string;
  idPrefix: string;
  firstIndex: number;
  count: number;
  localAddresses: string[];
  /** Connections opened per second by this process. */
  connectRatePerS: number;
  /** Seconds between a charging station's meter samples (stations ÷ rate gives the rate). */
  meterIntervalS: number;
  /** Transactions being started at once during setup. */
  startWindow: number;
  startTransactions: boolean;
}

/** The id of a frame the simulator wrote: `[2,"id",…` / `[3,"id",…` (its ids are plain numbers). */
function frameId(text: string): string {
  return text.slice(4, text.indexOf('"', 4));
}

/**
 * Times every CALL a simulated station sends until its CALLRESULT or CALLERROR arrives, from the
 * station's frame events (the simulator sends one CALL at a time, so one pending id per station suffices).
 */
function timeCalls(station: SimStation, sink: StationSink, counts: { sent: number }, startAnswered: (s: SimStation) => void): void {
  let pending: string | undefined;
  let pendingIsStart = false;
  let sentAt = 0;
  station.on('message', ({ direction, text }) => {
    if (direction === 'out') {
      if (text.startsWith('[2,')) {
        pending = frameId(text);
        pendingIsStart = text.includes('"StartTransaction"') || text.includes('"eventType":"Started"');
        sentAt = performance.now();
        counts.sent++;
      }
      return;
    }
    const type = text.startsWith('[3,') ? 3 : text.startsWith('[4,') ? 4 : 0;
    if (type === 0 || pending === undefined || frameId(text) !== pending) return;
    pending = undefined;
    sink.answered(performance.now() - sentAt, type === 3);
    if (pendingIsStart) startAnswered(station);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Stations whose StartTransaction / TransactionEvent(Started) has been answered. */
const startsAnswered = new WeakSet<SimStation>();

/** The station's start has been answered, or it will not start (its token was refused). */
function settled(s: SimStation): boolean {
  if (startsAnswered.has(s)) return true;
  const c = s.connectors[0];
  // No transaction: still waiting to present the token, or its Authorize is in flight, or it was refused.
  return !c || (!c.tx && c.authAt === undefined && s.backlog === 0);
}

/**
 * Plugs an EV into every station, `startWindow` starts at a time: each start is a few database
 * transactions on the server, and an open-loop burst of thousands overloads it during setup, which is not
 * what is being measured. Plug-ins also span at least one meter interval, so sample times end up evenly spread.
 */
async function plugInAll(stations: SimStation[], args: SimLoadArgs): Promise<void> {
  const gapMs = (args.meterIntervalS * 1000) / Math.max(1, stations.length);
  const began = performance.now();
  const pending = new Set<SimStation>();
  let next = 0;
  while ((next < stations.length || pending.size > 0) && performance.now() - began < 600_000) {
    for (const s of pending) if (settled(s)) pending.delete(s);
    const due = Math.min(stations.length, Math.floor((performance.now() - began) / gapMs) + 1);
    while (next < due && pending.size < args.startWindow) {
      const s = stations[next]!;
      s.plugIn(1, { idToken: `BENCH-${String(next % 1000).padStart(4, '0')}`, departAfterS: 86_400 });
      pending.add(s);
      next++;
    }
    await sleep(5);
  }
}

/**
 * The load as the simulator makes it: a mixed fleet (1.6 stations send MeterValues, 2.0.1 stations
 * TransactionEvent Updated with their meter values, as real 2.0.1 stations do during a transaction), each
 * station charging an EV on connector 1.
 */
export async function startSimLoad(args: SimLoadArgs, sink: StationSink, counts: { sent: number }): Promise<{ fleet: Fleet; booted: number; failed: number; firstFailures: string[] }> {
  const fleet = await runFleet({
    url: args.url, stations: args.count, firstIndex: args.firstIndex, ocpp: 'mix', idPrefix: args.idPrefix,
    meterIntervalS: args.meterIntervalS, autoCharge: false, faultRate: 0, connectRatePerS: args.connectRatePerS,
    localAddresses: args.localAddresses,
  });
  for (const s of fleet.stations) timeCalls(s, sink, counts, (station) => startsAnswered.add(station));
  const firstFailures: string[] = [];
  await fleet.whenBooted(600_000).catch((err: Error) => firstFailures.push(err.message));
  const booted = fleet.stations.filter((s) => s.booted);
  if (args.startTransactions) await plugInAll(booted, args);
  const ready = booted.filter((s) => !args.startTransactions || s.transactionIds.length > 0).length;
  return { fleet, booted: ready, failed: args.count - ready, firstFailures };
}
