import type { Writable } from 'node:stream';
import { SESSION_REPORT_COLUMNS, type ReportColumn } from './report-columns.js';
import type { SessionReportRow } from './reports.js';
import { writeChunk } from './stream-sink.js';

/** Options of a CSV export. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark, so spreadsheet programs read accents and symbols right. */
  bom?: boolean;
  columns?: readonly ReportColumn[];
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const CHUNK_CHARS = 64 * 1024;

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. Text that
 * a spreadsheet would run as a formula gets a leading apostrophe, so an id token or a station name
 * chosen by someone else cannot execute in the reader's spreadsheet.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record ending in CRLF. */
export function csvRecord(fields: ReadonlyArray<string | number | null | undefined>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function formatted(column: ReportColumn, row: SessionReportRow): string | number | null {
  const v = column.value(row);
  if (typeof v !== 'number') return v;
  if (column.kind === 'kwh') return Math.round(v * 1000) / 1000;
  if (column.kind === 'kw') return Math.round(v * 100) / 100;
  return v;
}

/** One row's record, built field by field (this runs a million times in a big export). */
function rowRecord(columns: readonly ReportColumn[], row: SessionReportRow): string {
  let line = csvField(formatted(columns[0]!, row));
  for (let i = 1; i < columns.length; i++) line += `,${csvField(formatted(columns[i]!, row))}`;
  return `${line}\r\n`;
}

/** The CSV text of an export in chunks of about 64 KiB: header first, then one record per row. */
export async function* csvChunks(rows: AsyncIterable<SessionReportRow>, options: CsvOptions = {}): AsyncGenerator<string, void, undefined> {
  const columns = options.columns ?? SESSION_REPORT_COLUMNS;
  let chunk = `${options.bom ? '\uFEFF' : ''}${csvRecord(columns.map((c) => c.header))}`;
  for await (const row of rows) {
    chunk += rowRecord(columns, row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/** Streams the rows as CSV into `out`, waiting whenever it is full; ends `out` when done. */
export async function writeCsv(rows: AsyncIterable<SessionReportRow>, out: Writable, options: CsvOptions = {}): Promise<void> {
  for await (const chunk of csvChunks(rows, options)) await writeChunk(out, chunk);
  out.end();
}
