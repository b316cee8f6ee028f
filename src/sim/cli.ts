import { runFleet, type FleetOptions, type FleetStats } from './fleet.js';

/** Options of `chargewatch simulate`; anything left out takes the fleet defaults. */
export interface SimulateOptions extends Partial<FleetOptions> {
  /** Stop after this many real seconds instead of waiting for Ctrl-C. */
  durationS?: number;
  /** Where the summary goes (default stdout). */
  print?: (line: string) => void;
  /** Resolves to end the run early (tests, embedding); SIGINT always ends it. */
  until?: Promise<unknown>;
}

/** The default CSMS address: the local server's OCPP port. */
export const DEFAULT_SIM_URL = 'ws://127.0.0.1:9000/ocpp';

function waitForEnd(durationS: number | undefined, until: Promise<unknown> | undefined): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (durationS !== undefined) timer = setTimeout(finish, durationS * 1_000);
    until?.then(finish, finish);
  });
}

/** Formats the end-of-run summary. */
export function formatSummary(stats: FleetStats, seconds: number): string[] {
  const rate = seconds > 0 ? Math.round(stats.sent / seconds) : 0;
  return [
    `simulated stations: ${stats.stations} (${stats.booted} booted, ${stats.connected} connected at the end)`,
    `messages: ${stats.sent} sent (${rate}/s), ${stats.acked} acknowledged, ${stats.errors} errors, ${stats.commands} commands answered`,
    `sessions running at the end: ${stats.transactions} (${stats.charging} connectors charging); connects: ${stats.connects}; unsent: ${stats.backlog}`,
  ];
}

/** `chargewatch simulate`: runs a simulated fleet against a CSMS until Ctrl-C (or durationS), then prints a summary. */
export async function simulateCommand(opts: SimulateOptions = {}): Promise<FleetStats> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stations = opts.stations ?? 10;
  const startedAt = Date.now();
  const fleet = await runFleet({
    ...opts,
    url: opts.url ?? DEFAULT_SIM_URL,
    stations,
    ocpp: opts.ocpp ?? 'mix',
    progress: opts.progress ?? (stations >= 50 && process.stderr.isTTY === true),
  });
  print(`simulating ${stations} stations against ${opts.url ?? DEFAULT_SIM_URL}; Ctrl-C to stop`);
  await waitForEnd(opts.durationS, opts.until);
  const stats = fleet.stats();
  await fleet.stop();
  for (const line of formatSummary(stats, (Date.now() - startedAt) / 1_000)) print(line);
  return stats;
}
