import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serveRpc } from './ipc.js';
import { LatencyHistogram, type SparseHistogram } from './latency.js';
import { ProbeStation } from './probe-station.js';
import { SseReader } from './sse-reader.js';

/** Where the probe connects and how it paces its StatusNotifications. */
export interface ProbeArgs {
  ocppUrl: string;
  httpUrl: string;
  authorization: string;
  probes: number;
  /** Each probe station reports a status this often; sends are spread evenly over the interval. */
  intervalMs: number;
  /** The SSE client's `types` filter; undefined for every event (as the web app subscribes). */
  types?: string;
}

/** What the probe measured since `mark`. */
export interface ProbeFigures {
  /** StatusNotification sent → its connector.status event read from /api/events. */
  latency: SparseHistogram;
  /** StatusNotification sent → its CALLRESULT. */
  ack: SparseHistogram;
  /**
   * How much later the event arrived than the CALLRESULT of the same status (0 when it came first): the
   * stream's own delay, apart from the commit both wait for.
   */
  afterAck: SparseHistogram;
  sent: number;
  matched: number;
  /** Statuses sent in the window whose event never arrived. */
  missing: number;
  /** Turns skipped because the probe's previous StatusNotification was still unanswered. */
  skipped: number;
  ackErrors: number;
  sseEvents: number;
  /** Times the server ended the stream (it drops a client that falls too far behind) and the client came back. */
  sseReconnects: number;
  sseBytes: number;
  cpuS: number;
  /** This process's event-loop delay beyond the monitor's tick: how much its own load could have added to the figures. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  windowS: number;
}

/** A status whose event or answer is still awaited (times from performance.now()). */
interface Pending {
  sentAt: number;
  inWindow: boolean;
  ackAt?: number;
  eventAt?: number;
}

const EXPIRE_MS = 30_000;
const stations: ProbeStation[] = [];
const pending = new Map<string, Pending>();
const latency = new LatencyHistogram();
const ack = new LatencyHistogram();
const afterAck = new LatencyHistogram();
/** The loop-delay monitor's tick: its readings are whole intervals, so the tick is taken off them. */
const LOOP_TICK_MS = 5;
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
let reader: SseReader | undefined;
let ticker: NodeJS.Timeout | undefined;
/** The measurement window: counters from `mark`, and the stream and CPU readings at its start and end. */
let win = { on: false, sent: 0, matched: 0, expired: 0, skipped: 0, ackErrors: 0, events: 0, bytes: 0, reconnects: 0, cpu: process.cpuUsage(), at: performance.now(), end: { events: 0, bytes: 0, reconnects: 0, cpuS: 0, at: 0 } };

/** Records what is known of one status; it is done once both its event and its answer are in. */
function settle(key: string, p: Pending): void {
  if (p.ackAt === undefined || p.eventAt === undefined) return;
  pending.delete(key);
  if (p.inWindow) afterAck.record(Math.max(0, p.eventAt - p.ackAt));
}

function onStatusEvent(_type: string, data: string, receivedAt: number): void {
  const event = JSON.parse(data) as { stationId?: string; data?: { timestamp?: string } };
  const key = `${event.stationId}|${event.data?.timestamp}`;
  const p = pending.get(key);
  if (!p || p.eventAt !== undefined) return;
  p.eventAt = receivedAt;
  if (p.inWindow) {
    win.matched++;
    latency.record(receivedAt - p.sentAt);
  }
  settle(key, p);
}

function onAnswer(stationId: string, ms: number, ok: boolean, timestamp: string): void {
  const key = `${stationId}|${timestamp}`;
  const p = pending.get(key);
  if (!p) return;
  if (p.inWindow) {
    if (ok) ack.record(ms);
    else win.ackErrors++;
  }
  // A CALLERROR leaves nothing to compare the event with; the entry then only waits for its event (or expiry).
  p.ackAt = ok ? p.sentAt + ms : undefined;
  settle(key, p);
}

/** Opens the SSE stream first (so no probe event can be missed), then connects and boots the probe stations. */
async function start(args: ProbeArgs): Promise<{ probes: number }> {
  reader = new SseReader('connector.status', onStatusEvent);
  const query = args.types ? `?types=${encodeURIComponent(args.types)}` : '';
  await reader.open(`${args.httpUrl}/api/events${query}`, { authorization: args.authorization });
  for (let i = 0; i < args.probes; i++) {
    const id = `PROBE-${String(i + 1).padStart(3, '0')}`;
    const station = new ProbeStation(id, i, (ms, ok, timestamp) => onAnswer(id, ms, ok, timestamp));
    await station.connect(args.ocppUrl);
    stations.push(station);
  }
  let cursor = 0;
  const tickMs = Math.max(1, args.intervalMs / Math.max(1, args.probes));
  ticker = setInterval(() => {
    if (stations.length === 0) return;
    const station = stations[cursor]!;
    cursor = (cursor + 1) % stations.length;
    if (station.busy) {
      if (win.on) win.skipped++;
      return;
    }
    const { timestamp, sentAt } = station.sendStatus();
    pending.set(`${station.id}|${timestamp}`, { sentAt, inWindow: win.on });
    if (win.on) win.sent++;
    for (const [key, p] of pending) {
      if (sentAt - p.sentAt < EXPIRE_MS) break;
      pending.delete(key);
      if (p.inWindow && p.eventAt === undefined) win.expired++;
    }
  }, tickMs);
  return { probes: stations.length };
}

function mark(): void {
  latency.reset();
  ack.reset();
  afterAck.reset();
  for (const p of pending.values()) p.inWindow = false;
  win = { ...win, on: true, sent: 0, matched: 0, expired: 0, skipped: 0, ackErrors: 0, events: reader?.events ?? 0, bytes: reader?.bytes ?? 0, reconnects: reader?.reconnects ?? 0, cpu: process.cpuUsage(), at: performance.now() };
  loopDelay.reset();
  loopDelay.enable();
}

/** Stops sending; the events of statuses already sent may still arrive before `collect`. */
function halt(): void {
  clearInterval(ticker);
  loopDelay.disable();
  const cpu = process.cpuUsage(win.cpu);
  win.on = false;
  win.end = { events: reader?.events ?? 0, bytes: reader?.bytes ?? 0, reconnects: reader?.reconnects ?? 0, cpuS: (cpu.user + cpu.system) / 1e6, at: performance.now() };
}

/** The window's figures; call after `halt` and a pause, so that late events still count as arrived. */
function collect(): ProbeFigures {
  let missing = win.expired;
  for (const p of pending.values()) if (p.inWindow && p.eventAt === undefined) missing++;
  return {
    latency: latency.toSparse(), ack: ack.toSparse(), afterAck: afterAck.toSparse(), sent: win.sent, matched: win.matched, missing, skipped: win.skipped, ackErrors: win.ackErrors,
    sseEvents: win.end.events - win.events, sseBytes: win.end.bytes - win.bytes, sseReconnects: win.end.reconnects - win.reconnects,
    cpuS: win.end.cpuS, loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_TICK_MS), loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - LOOP_TICK_MS),
    windowS: (win.end.at - win.at) / 1000,
  };
}

serveRpc({
  start: (args: ProbeArgs) => start(args),
  mark: () => mark(),
  halt: () => halt(),
  collect: () => collect(),
  stop: () => {
    clearInterval(ticker);
    for (const s of stations) s.close();
    reader?.close();
  },
});
