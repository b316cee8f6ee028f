import type { Writable } from 'node:stream';
import { NotFoundError } from '../shared/app-error.js';
import { decodeCursor, encodeCursor } from '../shared/pagination.js';
import { writeCsv } from './csv-writer.js';
import { presentReportRow } from './report-row.js';
import type { ReceiptData, ReportPosition, ReportServiceDeps, SessionReportFilter, SessionReportPage, SessionReportRow } from './reports.js';
import { SessionReportRepository } from './session-report-repository.js';
import { SinkClosedError } from './stream-sink.js';
import { writeXlsx } from './xlsx-writer.js';

/** The export file formats. */
export type ExportFormat = 'csv' | 'xlsx';

/** Rows per database round trip while exporting: big enough to amortise the query, small enough to stay flat. */
export const DEFAULT_BATCH_SIZE = 5_000;
const COUNT_CAP = 10_000;

const isPosition = (v: unknown): v is ReportPosition => {
  const p = v as ReportPosition | null;
  return typeof p === 'object' && p !== null && typeof p.startedAt === 'string' && !Number.isNaN(Date.parse(p.startedAt)) && Number.isInteger(p.id);
};

/** Session reports: pages for the web table, row streams for exports, and per-session receipts. */
export class ReportService {
  private readonly repository: SessionReportRepository;
  private readonly batchSize: number;
  private readonly operatorName: string;

  constructor(private readonly deps: ReportServiceDeps & { repository?: SessionReportRepository }) {
    this.repository = deps.repository ?? new SessionReportRepository(deps.db);
    this.batchSize = deps.settings?.batchSize ?? DEFAULT_BATCH_SIZE;
    this.operatorName = deps.settings?.operatorName?.trim() || 'Chargewatch';
  }

  /** One page of the report, newest sessions first. */
  async page(filter: SessionReportFilter, options: { cursor?: string; limit: number }): Promise<SessionReportPage> {
    const after = options.cursor ? decodeCursor(options.cursor, isPosition) : undefined;
    const [rows, total] = await Promise.all([this.repository.page(filter, after, options.limit + 1), this.repository.count(filter, COUNT_CAP)]);
    const now = this.deps.clock.nowMs();
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => presentReportRow(r, now)),
      nextCursor: rows.length > options.limit && last ? encodeCursor({ startedAt: new Date(last.started_ms).toISOString(), id: last.id } satisfies ReportPosition) : null,
      total: Math.min(total, COUNT_CAP),
      totalIsEstimate: total > COUNT_CAP,
    };
  }

  /**
   * Every matching row, read from the database a batch at a time as the consumer asks for them: memory
   * stays flat for any number of rows, and a consumer that stops (client gone) stops the reading.
   */
  async *rows(filter: SessionReportFilter): AsyncGenerator<SessionReportRow, void, undefined> {
    const now = this.deps.clock.nowMs();
    for await (const r of this.repository.rows(filter, this.batchSize)) yield presentReportRow(r, now);
  }

  /**
   * Writes every matching row into `out` as CSV or XLSX, at the pace `out` takes it, and ends it. Never
   * rejects: a receiver that leaves ends the export quietly; a failure is logged and destroys `out`, so
   * the client sees a broken download rather than a file that looks complete.
   */
  async export(format: ExportFormat, filter: SessionReportFilter, out: Writable, options: { bom?: boolean } = {}): Promise<void> {
    const started = this.deps.clock.nowMs();
    try {
      if (format === 'csv') await writeCsv(this.rows(filter), out, { bom: options.bom });
      else await writeXlsx(this.rows(filter), out);
      this.deps.logger.debug({ format, ms: this.deps.clock.nowMs() - started }, 'report exported');
    } catch (error) {
      if (error instanceof SinkClosedError || out.destroyed) {
        this.deps.logger.debug({ format }, 'report export cancelled by the receiver');
        out.destroy();
        return;
      }
      this.deps.logger.error({ format, err: (error as Error).message }, 'report export failed');
      out.destroy(error as Error);
    }
  }

  /** What a session's receipt prints; NotFoundError when there is no such session. */
  async receipt(sessionId: number): Promise<ReceiptData> {
    const r = await this.repository.find(sessionId);
    if (!r) throw new NotFoundError('session', sessionId);
    return { row: presentReportRow(r, this.deps.clock.nowMs()), timezone: r.site_timezone ?? 'UTC', operatorName: this.operatorName };
  }
}
