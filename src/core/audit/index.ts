/** The audit log's reading side: search, CSV export, and the trail that audits every API change. */
export { AuditQueries, MAX_EXPORT_ROWS } from './audit-queries.js';
export type * from './audit.js';
