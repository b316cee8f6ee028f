import { ApiTarget } from './api-target.js';
import { HttpTimer, type SeriesFigures } from './http-timer.js';

/** Settings of the api scenario. */
export interface ApiOptions {
  stations: number;
  /** Timed requests per endpoint, for the sequential series and again for the parallel one. */
  requests: number;
  /** Requests in flight in the parallel series. */
  parallel: number;
  messageLog: 'all' | 'none';
  cpuProfDir?: string;
  nodeFlags?: string[];
  log(line: string): void;
}

/** Figures of one endpoint. */
export interface EndpointFigures extends SeriesFigures {
  path: string;
  /** Server CPU milliseconds per request in the sequential series. */
  cpuMsPerRequest: number;
  /** Size of one answer. */
  bytes: number;
  /** `total` of a station page (how many stations matched the filter). */
  matched: number | null;
  parallel: SeriesFigures;
}

const WARMUP_REQUESTS = 30;
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const mb = (bytes: number): number => round(bytes / 2 ** 20, 1);

/** The endpoints measured: the overview and the first station page, plain and with the dashboard's filters and orders. */
function endpoints(siteId: string | null): Record<string, string> {
  return {
    summary: '/api/summary',
    stations: '/api/stations?limit=50',
    stationsByStatus: '/api/stations?limit=50&sort=status',
    stationsFaulted: '/api/stations?limit=50&status=Faulted',
    stationsOfflineRecent: '/api/stations?limit=50&online=false&sort=lastSeenAt&order=desc',
    stationsByName: '/api/stations?limit=50&sort=name',
    stationsSearch: '/api/stations?limit=50&search=harbour',
    ...(siteId ? { stationsOfSite: `/api/stations?limit=50&siteId=${siteId}` } : {}),
  };
}

/**
 * The api benchmark: a fleet of N stations (1–4 connectors each, statuses mixed, sessions running) is seeded
 * into the database, the real server starts over it (its live view loads the fleet), and the fleet summary
 * and first station pages are requested over HTTP on loopback with a viewer API token: after a warm-up,
 * `requests` one after the other, then `requests` with `parallel` in flight, per endpoint.
 */
export async function api(o: ApiOptions): Promise<Record<string, unknown>> {
  o.log(`api: seeding ${o.stations} stations and starting the server`);
  const target = await ApiTarget.start({
    messageLog: o.messageLog, cpuProfDir: o.cpuProfDir, nodeFlags: o.nodeFlags, log: o.log,
    seed: { stations: o.stations, sites: Math.max(1, Math.round(o.stations / 100)), completedSessionsPerStation: 2 },
  });
  const info = target.info;
  const seeded = info.seeded!;
  o.log(`api: seeded ${seeded.stations} stations, ${seeded.connectors} connectors, ${seeded.activeSessions} active sessions in ${seeded.seedS} s; server up in ${info.startupS} s`);
  const http = new HttpTimer(info.httpUrl, { authorization: info.authorization }, Math.max(1, o.parallel));
  try {
    const afterStart = await target.snapshot(true);
    const paths = endpoints(seeded.sampleSiteId);
    const first = await http.get(paths.stations);
    const firstPage = JSON.parse(first.body) as { nextCursor: string | null; total: number };
    if (first.status !== 200 || firstPage.total !== seeded.stations) throw new Error(`station list answered ${first.status} with total ${firstPage.total}, expected ${seeded.stations}`);
    if (firstPage.nextCursor) paths.stationsPage2 = `/api/stations?limit=50&cursor=${encodeURIComponent(firstPage.nextCursor)}`;
    await target.profileStart();
    const figures: Record<string, EndpointFigures> = {};
    for (const [name, path] of Object.entries(paths)) {
      const probe = await http.get(path);
      if (probe.status !== 200) throw new Error(`${path} answered ${probe.status}: ${probe.body.slice(0, 200)}`);
      const total = (JSON.parse(probe.body) as { total?: unknown }).total;
      await http.series(path, WARMUP_REQUESTS, 1);
      const before = await target.snapshot();
      const sequential = await http.series(path, o.requests, 1);
      const after = await target.snapshot();
      const parallel = await http.series(path, o.requests, o.parallel);
      figures[name] = {
        path, ...sequential, cpuMsPerRequest: round(((after.cpuS - before.cpuS) * 1000) / o.requests, 2), bytes: probe.body.length,
        matched: typeof total === 'number' ? total : null, parallel,
      };
      o.log(`api: ${name}: p50 ${sequential.p50Ms} ms, p95 ${sequential.p95Ms} ms, p99 ${sequential.p99Ms} ms; ${o.parallel} in flight: p95 ${parallel.p95Ms} ms, ${parallel.reqPerS} req/s`);
    }
    await target.profileStop('api');
    const end = await target.snapshot(true);
    const all = Object.values(figures);
    const slowest = Math.max(...all.map((f) => f.p95Ms ?? Infinity));
    return {
      scenario: 'api',
      machine: 'shared 2-core machine: server, PostgreSQL and the HTTP client compete for the same 2 cores',
      stations: seeded.stations, connectors: seeded.connectors, activeSessions: seeded.activeSessions, completedSessions: seeded.completedSessions, sites: seeded.sites,
      requests: o.requests, parallel: o.parallel, seedS: seeded.seedS, startupS: info.startupS, liveViewLoadS: info.liveViewLoadS,
      rssMB: mb(afterStart.rssBytes), heapUsedMB: mb(afterStart.heapUsedBytes), rssEndMB: mb(end.rssBytes),
      slowestP95Ms: slowest,
      endpoints: figures,
      targets: { p95Under50Ms: all.every((f) => f.p95Ms !== null && f.p95Ms < 50 && f.errors === 0) },
    };
  } finally {
    http.close();
    await target.stop().catch(() => target.kill());
  }
}
