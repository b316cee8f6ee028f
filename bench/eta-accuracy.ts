import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Page, SessionView } from '../src/http/api-types.js';
import { startServer, type RunningServer } from '../src/server.js';
import { SimStation } from '../src/sim/index.js';
import type { PlugInOptions } from '../src/sim/types.js';
import { CHECKPOINTS, checkpointFigures, errorAt, type EtaSession } from './eta-figures.js';
import { freePort } from './process-figures.js';

/** How the accuracy run is made. */
export interface EtaOptions {
  /** Sessions per protocol version. */
  sessions: number;
  /** Simulated seconds per real second. */
  timeScale: number;
  meterIntervalS: number;
  seed: number;
  log(line: string): void;
}

/** A small seeded generator (mulberry32): the same seed draws the same EVs. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Run {
  sim: SimStation;
  /** The EV states a target SoC (2.0.1 DC): its time to target is judged, else its time to full. */
  judgesTarget: boolean;
  session: EtaSession;
  sessionId?: number;
  done: boolean;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One simulated station with one EV, drawn from `random`: AC and DC alternate; 2.0.1 DC EVs state a target below 100 %. */
function makeRun(server: RunningServer, version: '1.6' | '2.0.1', i: number, random: () => number, opts: EtaOptions): { run: Run; ev: PlugInOptions } {
  const kind = i % 2 === 0 ? 'AC' : 'DC';
  const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo));
  const stationW = kind === 'AC' ? 22_000 : between(50, 150) * 1_000;
  const evW = kind === 'AC' ? [7_400, 11_000, 22_000][i % 3]! : between(50, 250) * 1_000;
  const judgesTarget = version === '2.0.1' && kind === 'DC';
  const ev: PlugInOptions = {
    idToken: 'ETA-TAG', capacityWh: between(40, 100) * 1_000, socStart: between(10, 50), maxPowerW: evW,
    targetSoc: judgesTarget ? between(80, 95) : 100, departAfterS: 1e9,
  };
  const sim = new SimStation({
    id: `ETA-${version.replaceAll('.', '')}-${i}`, url: server.ocppUrl, version, connectors: 1, kind, maxPowerW: stationW,
    meterIntervalS: opts.meterIntervalS, vendor: 'Chargewatch Sim', model: `Sim${kind}`, firmwareVersion: '1.0.0-sim', idTokens: ['ETA-TAG'],
    autoCharge: false, faultRate: 0, reconnect: true, timeScale: opts.timeScale,
  }, { random: seeded(opts.seed * 1_000 + i + (version === '1.6' ? 0 : 500)) });
  return { run: { sim, judgesTarget, done: false, session: { version, kind, startMs: 0, endMs: 0, observations: [] } }, ev };
}

/**
 * Runs simulated charging sessions on both protocol versions against a real server (embedded PostgreSQL)
 * at a high time scale, asks the API for each running session's progress every few simulated minutes, and
 * compares the estimated end with the moment the simulator's EV really stopped charging.
 */
export async function etaAccuracy(opts: EtaOptions): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'chargewatch-eta-'));
  const config = loadConfig('serve', {}, {
    dataDir, embeddedPgPort: await freePort(), host: '127.0.0.1', ocppPort: 0, httpPort: 0, logLevel: 'error',
    unknownStations: 'accept', unknownTokens: 'accept', messageLog: 'none', nodeId: 'bench-eta',
  });
  const server = await startServer(config);
  const runs: Run[] = [];
  const wallStart = Date.now();
  try {
    const { token } = await server.services.accounts.apiTokens.create({ name: 'eta bench', role: 'viewer' }, null);
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${server.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
      return (await res.json()) as T;
    };
    const random = seeded(opts.seed);
    const evs: PlugInOptions[] = [];
    for (const version of ['1.6', '2.0.1'] as const) {
      for (let i = 0; i < opts.sessions; i++) {
        const { run, ev } = makeRun(server, version, i, random, opts);
        runs.push(run);
        evs.push(ev);
        run.sim.on('status', (e) => {
          if (e.status === 'Charging' && run.session.startMs === 0) run.session.startMs = run.sim.simNow();
          if (e.status === 'SuspendedEV' && !run.done) {
            run.session.endMs = run.sim.simNow();
            run.done = true;
          }
        });
      }
    }
    await Promise.all(runs.map((r) => r.sim.start()));
    opts.log(`eta: ${runs.length} sessions charging at ${opts.timeScale}× …`);
    const pollMs = Math.max(50, Math.round((opts.meterIntervalS * 1_000) / opts.timeScale));
    const deadline = Date.now() + 15 * 60_000;
    // Every EV plugs in at once; each session is then asked about on its own, about once per meter interval.
    await Promise.all(runs.map(async (r, i) => {
      r.sim.plugIn(1, evs[i]);
      while (!r.done && Date.now() < deadline) {
        if (r.sessionId === undefined) {
          const page = await get<Page<SessionView>>(`/api/sessions?stationId=${encodeURIComponent(r.sim.id)}&state=active&limit=1`);
          r.sessionId = page.items[0]?.id;
        } else {
          const p = (await get<SessionView>(`/api/sessions/${r.sessionId}`)).progress;
          const eta = r.judgesTarget ? p?.eta.toTarget : p?.eta.toFull;
          if (p && !r.done) r.session.observations.push({ asOfMs: Date.parse(p.asOf), etaMs: eta ? Date.parse(eta) : null });
        }
        await pause(pollMs);
      }
    }));
    const finished = runs.filter((r) => r.done && r.session.startMs > 0).map((r) => r.session);
    for (const s of finished) {
      const errors = CHECKPOINTS.map((f) => errorAt(s, f)).map((e) => (e === null ? '—' : `${e.minutes.toFixed(1)} min`));
      opts.log(`eta: ${s.version} ${s.kind} ${((s.endMs - s.startMs) / 3_600_000).toFixed(2)} h charging; error at 20/50/80 %: ${errors.join(' / ')}`);
    }
    const byVersion = Object.fromEntries(['1.6', '2.0.1'].map((v) => [v, checkpointFigures(finished.filter((s) => s.version === v))]));
    const hours = finished.map((s) => (s.endMs - s.startMs) / 3_600_000);
    return {
      scenario: 'eta', sessions: runs.length, finished: finished.length, timeScale: opts.timeScale, meterIntervalS: opts.meterIntervalS, seed: opts.seed,
      // The end is seen on a simulator tick: 50 ms real, this many simulated minutes.
      endResolutionMin: Math.round(((50 * opts.timeScale) / 60_000) * 100) / 100,
      chargingHours: { min: Math.min(...hours), max: Math.max(...hours) },
      checkpoints: checkpointFigures(finished), byVersion, wallS: Math.round((Date.now() - wallStart) / 1000),
    };
  } finally {
    await Promise.all(runs.map((r) => r.sim.stop()));
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
