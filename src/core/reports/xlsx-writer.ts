import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { SESSION_REPORT_COLUMNS, type ColumnKind, type ReportColumn } from './report-columns.js';
import type { SessionReportRow } from './reports.js';
import { drained, SinkClosedError } from './stream-sink.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Options of an XLSX export. */
export interface XlsxOptions {
  sheetName?: string;
  columns?: readonly ReportColumn[];
  /** Rows written between checks of the output's backpressure. */
  checkEvery?: number;
}

/**
 * One style object per column kind, shared by every cell: exceljs caches a style by object identity, so
 * shared objects skip its per-cell style work (most of its cost per row otherwise).
 */
const STYLES: Record<ColumnKind, Partial<ExcelJS.Style>> = {
  text: { numFmt: 'General' }, integer: { numFmt: '0' }, kwh: { numFmt: '0.000' }, kw: { numFmt: '0.00' }, money: { numFmt: '0.00##' }, time: { numFmt: 'yyyy-mm-dd hh:mm:ss' },
};

function cell(kind: ColumnKind, value: string | number | null): string | number | Date | null {
  if (value === null) return null;
  if (kind === 'time' && typeof value === 'string') return new Date(value);
  return value;
}

/**
 * The stream exceljs pipes a sheet's XML into before zipping it (reached through its internals). The
 * library never waits for it, so a slow receiver would let the sheet pile up in memory: waiting on it
 * is what keeps an export of millions of rows flat. Undefined if a future version hides it.
 */
function sheetIntake(sheet: ExcelJS.Worksheet): Writable | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const first = Array.isArray(pipes) ? pipes[0] : undefined;
  return first && typeof (first as Writable).write === 'function' && typeof (first as Writable).once === 'function' ? (first as Writable) : undefined;
}

/**
 * Streams the rows as one XLSX sheet into `out` (ended when done): rows are committed as they come, no
 * shared-strings table (it would grow with every distinct text), and production pauses while the zip
 * stage or the receiver is behind. Times are real spreadsheet dates in UTC, numbers stay numbers.
 */
export async function writeXlsx(rows: AsyncIterable<SessionReportRow>, out: Writable, options: XlsxOptions = {}): Promise<void> {
  const columns = options.columns ?? SESSION_REPORT_COLUMNS;
  const checkEvery = options.checkEvery ?? 200;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Chargewatch';
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Sessions', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const styles = columns.map((c) => STYLES[c.kind]);
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const intake = sheetIntake(sheet);
  let n = 0;
  for await (const row of rows) {
    const line = sheet.addRow(columns.map((c) => cell(c.kind, c.value(row))));
    line.eachCell({ includeEmpty: true }, (target, i) => { target.style = styles[i - 1]!; });
    line.commit();
    if (++n % checkEvery === 0) {
      // Rows are produced in microtasks; the zip stage runs on later turns of the event loop, so give it one.
      await nextTurn();
      if (out.destroyed) throw new SinkClosedError();
      if (intake) await drained(intake, out);
      await drained(out);
    }
  }
  if (out.destroyed) throw new SinkClosedError();
  sheet.commit();
  await workbook.commit();
}
