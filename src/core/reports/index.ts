/** Session reports and exports: what the composition root and other features may use. */
export { ReportService, DEFAULT_BATCH_SIZE } from './report-service.js';
export { SessionReportRepository } from './session-report-repository.js';
export { maskToken } from './report-row.js';
export { csvField, csvRecord, csvChunks, writeCsv } from './csv-writer.js';
export { writeXlsx } from './xlsx-writer.js';
export { receiptPdf } from './receipt-pdf.js';
export { SESSION_REPORT_COLUMNS } from './report-columns.js';
export type * from './reports.js';
