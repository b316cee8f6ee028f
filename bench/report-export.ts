import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild } from './ipc.js';

/** Settings of the export scenario. */
export interface ReportExportOptions {
  sessions: number;
  stations: number;
  nodeFlags?: string[];
  log(line: string): void;
}

/** One timed download. */
export interface ExportFigures {
  rows: number;
  seconds: number;
  rowsPerS: number;
  MB: number;
  MBPerS: number;
  /** Server RSS when the download started, and the highest seen during it (sampled every 20 ms). */
  rssBeforeMB: number;
  peakRssMB: number;
  rssGrowthMB: number;
  /** CPU seconds of the server process and of its PostgreSQL during the download, and rows per server CPU second. */
  serverCpuS: number;
  pgCpuS: number | null;
  rowsPerServerCpuS: number;
}

const YEAR_START = '2025-01-01T00:00:00.000Z';
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Downloads a URL to nowhere, counting bytes and line feeds (CSV records). */
async function drain(url: string, authorization: string): Promise<{ bytes: number; lines: number }> {
  const res = await fetch(url, { headers: { authorization } });
  if (res.status !== 200 || !res.body) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { bytes, lines };
}

async function timed(child: BenchChild, url: string, authorization: string, expectedRows: number | undefined, csv: boolean): Promise<ExportFigures> {
  const before = await child.call<{ rssMB: number }>('watchStart');
  const started = performance.now();
  const got = await drain(url, authorization);
  const seconds = (performance.now() - started) / 1000;
  const memory = await child.call<{ peakRssMB: number; cpuS: number; pgCpuS: number | null }>('watchStop');
  const rows = csv ? got.lines - 1 : (expectedRows ?? 0);
  if (csv && expectedRows !== undefined && rows !== expectedRows) throw new Error(`${url}: ${rows} CSV records, expected ${expectedRows}`);
  return {
    rows, seconds: round(seconds, 2), rowsPerS: Math.round(rows / seconds), MB: round(got.bytes / 2 ** 20), MBPerS: round(got.bytes / 2 ** 20 / seconds),
    rssBeforeMB: round(before.rssMB), peakRssMB: round(memory.peakRssMB), rssGrowthMB: round(memory.peakRssMB - before.rssMB),
    serverCpuS: round(memory.cpuS, 2), pgCpuS: memory.pgCpuS === null ? null : round(memory.pgCpuS, 2), rowsPerServerCpuS: Math.round(rows / memory.cpuS),
  };
}

/**
 * The export benchmark: a server over a fresh embedded PostgreSQL is seeded with N completed sessions
 * over a year on S stations, then the session report is downloaded over HTTP as CSV and XLSX — a tenth
 * of the year first, then all of it — while the server's RSS is sampled. Flat memory (the same peak for
 * a tenth and for everything) is what shows the exports stream.
 */
export async function reportExport(o: ReportExportOptions): Promise<Record<string, unknown>> {
  const logFile = join(tmpdir(), `chargewatch-bench-report-${process.pid}.log`);
  const logFd = openSync(logFile, 'w');
  const child = BenchChild.start('report-server', 'report-server-process', ['--expose-gc', ...(o.nodeFlags ?? [])], logFd);
  closeSync(logFd);
  o.log(`export: server log: ${logFile}`);
  try {
    const { httpUrl, authorization } = await child.call<{ httpUrl: string; authorization: string }>('start');
    o.log(`export: seeding ${o.sessions} sessions on ${o.stations} stations over a year`);
    const seeded = await child.call<{ seconds: number }>('seed', { stations: o.stations, sessions: o.sessions, from: YEAR_START, days: 365, prefix: 'BENCH' });
    o.log(`export: seeded in ${seeded.seconds.toFixed(1)} s`);
    const base = `${httpUrl}/api/reports/sessions`;
    const tenthEnd = new Date(Date.parse(YEAR_START) + 36.5 * 86_400_000).toISOString();
    const tenthRows = Math.ceil(o.sessions / 10);
    // Warm-up: code paths compiled, buffers and pools grown, tables cached, before anything is measured.
    await drain(`${base}?format=csv&to=${encodeURIComponent(new Date(Date.parse(YEAR_START) + 86_400_000).toISOString())}`, authorization);
    await drain(`${base}?format=xlsx&to=${encodeURIComponent(new Date(Date.parse(YEAR_START) + 86_400_000).toISOString())}`, authorization);
    const figures: Record<string, ExportFigures> = {};
    for (const format of ['csv', 'xlsx'] as const) {
      const tenth = await timed(child, `${base}?format=${format}&to=${encodeURIComponent(tenthEnd)}`, authorization, format === 'csv' ? undefined : tenthRows, format === 'csv');
      o.log(`export: ${format} tenth: ${tenth.rows} rows in ${tenth.seconds} s, peak RSS ${tenth.peakRssMB} MB`);
      const all = await timed(child, `${base}?format=${format}`, authorization, o.sessions, format === 'csv');
      o.log(`export: ${format} all: ${all.rows} rows in ${all.seconds} s, peak RSS ${all.peakRssMB} MB`);
      figures[`${format}Tenth`] = tenth;
      figures[format] = all;
    }
    return {
      scenario: 'export',
      machine: 'shared 2-core machine',
      sessions: o.sessions,
      stations: o.stations,
      seedS: round(seeded.seconds),
      csv: figures.csv, xlsx: figures.xlsx, csvTenth: figures.csvTenth, xlsxTenth: figures.xlsxTenth,
      flat: {
        csvPeakRssAllMinusTenthMB: round(figures.csv!.peakRssMB - figures.csvTenth!.peakRssMB),
        xlsxPeakRssAllMinusTenthMB: round(figures.xlsx!.peakRssMB - figures.xlsxTenth!.peakRssMB),
      },
    };
  } finally {
    await child.stop(60_000).catch(() => child.kill());
  }
}
