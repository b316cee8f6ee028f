import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RULE_KEYS } from '../src/core/alerts/rules/catalog.js';
import type { IncidentSummary } from '../src/core/alerts/alerts.js';
import { DetectionStation } from './detection-station.js';
import { serveRpc } from './ipc.js';
import { SseReader } from './sse-reader.js';

/** Where the probe connects and how many stations of each kind it drives. */
export interface DetectionProbeArgs {
  ocppUrl: string;
  httpUrl: string;
  authorization: string;
  faultProbes: number;
  offlineProbes: number;
  /** The server's WebSocket ping interval: offline stations are staggered over it. */
  pingIntervalMs: number;
}

/** The durations (ms) of one kind of probe cycle started in the window, and those whose event never came. */
export interface Samples {
  ms: number[];
  missing: number;
}

/** What the probe measured since `mark`. */
export interface DetectionProbeFigures {
  /** Faulted sent → incident.opened (connector_faulted, that station's connector 1). */
  faultToOpened: Samples;
  /** Available sent → that incident's incident.resolved. */
  clearToResolved: Samples;
  /** Faulted sent → its CALLRESULT: the ingest path's commit, which the event follows. */
  faultAckMs: number[];
  ackErrors: number;
  /** Station silent → incident.opened (station_offline). */
  offlineToOpened: Samples;
  /** The last thing the station sent (a pong, mostly) before it went silent → incident.opened: the silence the server saw. */
  lastSignToOpenedMs: number[];
  /** Reconnect started (socket, then boot) → incident.resolved. */
  reconnectToResolved: Samples;
  /** CALLs the server sent the probe stations (remediation), by action; all were refused. */
  callsAnswered: Record<string, number>;
  sseReconnects: number;
  /** Probe cycles that failed (a station that could not reconnect stops its cycles). */
  errors: string[];
  loopDelayP99Ms: number;
  windowS: number;
}

type Change = 'opened' | 'resolved';
/** How long an incident event is awaited before the cycle counts it missing. */
const EVENT_TIMEOUT_MS = 30_000;
/** The pause after each fault cycle, before the next station's turn. */
const FAULT_PAUSE_MS = 500;
/** The pause after each offline cycle, before the station goes silent again (plus a stagger over the ping interval). */
const OFFLINE_PAUSE_MS = 1000;
const LOOP_TICK_MS = 5;
/** Spreads the moments stations go silent evenly over the server's ping cycle (golden-ratio sequence). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Callers waiting for an incident event, by `ruleKey|stationId|connectorId|change`. */
const awaited = new Map<string, (receivedAt: number) => void>();
const faultStations: DetectionStation[] = [];
const offlineStations: DetectionStation[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
let reader: SseReader | undefined;
let running = false;
let loops: Promise<void>[] = [];
const errors: string[] = [];
let staggerStep = 0;
let win = emptyWindow(false);

function emptyWindow(on: boolean) {
  return {
    on, at: performance.now(), endAt: 0, reconnects: reader?.reconnects ?? 0, endReconnects: 0, ackErrors: 0,
    faultToOpened: { ms: [], missing: 0 } as Samples, clearToResolved: { ms: [], missing: 0 } as Samples, faultAckMs: [] as number[],
    offlineToOpened: { ms: [], missing: 0 } as Samples, lastSignToOpenedMs: [] as number[], reconnectToResolved: { ms: [], missing: 0 } as Samples,
  };
}

const keyOf = (ruleKey: string, stationId: string, connectorId: number | null, change: Change): string => `${ruleKey}|${stationId}|${connectorId ?? '-'}|${change}`;

function onIncident(type: string, data: string, receivedAt: number): void {
  const event = JSON.parse(data) as { data?: { incident?: IncidentSummary } };
  const incident = event.data?.incident;
  if (!incident?.stationId) return;
  const change: Change = type === 'incident.opened' ? 'opened' : 'resolved';
  const key = keyOf(incident.ruleKey, incident.stationId, incident.subjectType === 'connector' ? incident.connectorId : null, change);
  const resolve = awaited.get(key);
  if (!resolve) return;
  awaited.delete(key);
  resolve(receivedAt);
}

/** Registers interest in an event before the action that causes it; resolves with its arrival time, or null on timeout. */
function expect(key: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      awaited.delete(key);
      resolve(null);
    }, timeoutMs);
    awaited.set(key, (at) => {
      clearTimeout(timer);
      resolve(at);
    });
  });
}

/** Adds one timed cycle to the window's figures when it started inside the window. */
function note(samples: Samples, inWindow: boolean, startedAt: number, arrivedAt: number | null): void {
  if (!inWindow) return;
  if (arrivedAt === null) samples.missing++;
  else samples.ms.push(arrivedAt - startedAt);
}

/** Each fault station in turn: Faulted → incident.opened, Available → incident.resolved, a pause, the next one. */
async function faultLoop(): Promise<void> {
  for (let i = 0; running && faultStations.length > 0; i = (i + 1) % faultStations.length) {
    const station = faultStations[i]!;
    const inWindow = win.on;
    const opened = expect(keyOf(RULE_KEYS.connectorFaulted, station.id, 1, 'opened'), EVENT_TIMEOUT_MS);
    const fault = station.reportStatus('Faulted');
    fault.answered.then(
      () => { if (inWindow) win.faultAckMs.push(performance.now() - fault.sentAt); },
      () => { if (inWindow) win.ackErrors++; },
    );
    note(win.faultToOpened, inWindow, fault.sentAt, await opened);
    const resolved = expect(keyOf(RULE_KEYS.connectorFaulted, station.id, 1, 'resolved'), EVENT_TIMEOUT_MS);
    const clear = station.reportStatus('Available');
    clear.answered.catch(() => { if (inWindow) win.ackErrors++; });
    note(win.clearToResolved, inWindow, clear.sentAt, await resolved);
    await sleep(FAULT_PAUSE_MS);
  }
}

/** One offline station, over and over: silent → incident.opened; reconnect and boot → incident.resolved; a staggered pause. */
async function offlineLoop(station: DetectionStation, args: DetectionProbeArgs): Promise<void> {
  while (running) {
    await sleep(OFFLINE_PAUSE_MS + ((staggerStep++ * GOLDEN) % 1) * args.pingIntervalMs);
    if (!running) return;
    const inWindow = win.on;
    const opened = expect(keyOf(RULE_KEYS.stationOffline, station.id, null, 'opened'), 3 * args.pingIntervalMs + EVENT_TIMEOUT_MS);
    const lastSentAt = station.lastSentAt;
    const silentAt = station.goSilent();
    const openedAt = await opened;
    note(win.offlineToOpened, inWindow, silentAt, openedAt);
    if (inWindow && openedAt !== null && lastSentAt !== undefined) win.lastSignToOpenedMs.push(openedAt - lastSentAt);
    // The server drops the socket as it declares the station offline; a station that was never dropped is dropped here.
    await station.closed(EVENT_TIMEOUT_MS);
    const resolved = expect(keyOf(RULE_KEYS.stationOffline, station.id, null, 'resolved'), EVENT_TIMEOUT_MS);
    const reconnectAt = performance.now();
    await station.connect(args.ocppUrl);
    note(win.reconnectToResolved, inWindow && openedAt !== null, reconnectAt, await resolved);
  }
}

/** Opens the SSE stream first (so no incident event can be missed), then connects and boots the probe stations. */
async function start(args: DetectionProbeArgs): Promise<{ faultProbes: number; offlineProbes: number }> {
  reader = new SseReader(['incident.opened', 'incident.resolved'], onIncident);
  await reader.open(`${args.httpUrl}/api/events?types=incident.`, { authorization: args.authorization });
  // Versions alternate with the index (1.6, 2.0.1, …), so both kinds get both versions.
  for (let i = 0; i < args.faultProbes + args.offlineProbes; i++) {
    const fault = i < args.faultProbes;
    const station = new DetectionStation(fault ? `FAULT-${String(i + 1).padStart(3, '0')}` : `SILENT-${String(i - args.faultProbes + 1).padStart(3, '0')}`, i);
    await station.connect(args.ocppUrl);
    (fault ? faultStations : offlineStations).push(station);
  }
  running = true;
  const failed = (err: unknown) => {
    errors.push(err instanceof Error ? err.message : String(err));
  };
  loops = [faultLoop(), ...offlineStations.map((s) => offlineLoop(s, args))].map((loop) => loop.catch(failed));
  return { faultProbes: faultStations.length, offlineProbes: offlineStations.length };
}

function mark(): void {
  win = emptyWindow(true);
  loopDelay.reset();
  loopDelay.enable();
}

/** Starts no more cycles and waits for those under way (each ends within its events' timeouts). */
async function halt(): Promise<void> {
  win.on = false;
  win.endAt = performance.now();
  win.endReconnects = reader?.reconnects ?? 0;
  running = false;
  loopDelay.disable();
  await Promise.all(loops);
}

function collect(): DetectionProbeFigures {
  const callsAnswered: Record<string, number> = {};
  for (const s of [...faultStations, ...offlineStations]) for (const [action, n] of s.callsAnswered) callsAnswered[action] = (callsAnswered[action] ?? 0) + n;
  return {
    faultToOpened: win.faultToOpened, clearToResolved: win.clearToResolved, faultAckMs: win.faultAckMs, ackErrors: win.ackErrors,
    offlineToOpened: win.offlineToOpened, lastSignToOpenedMs: win.lastSignToOpenedMs, reconnectToResolved: win.reconnectToResolved,
    callsAnswered, errors, sseReconnects: win.endReconnects - win.reconnects, loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_TICK_MS),
    windowS: (win.endAt - win.at) / 1000,
  };
}

serveRpc({
  start: (args: DetectionProbeArgs) => start(args),
  mark: () => mark(),
  halt: () => halt(),
  collect: () => collect(),
  stop: () => {
    running = false;
    for (const s of [...faultStations, ...offlineStations]) s.close();
    reader?.close();
  },
});
