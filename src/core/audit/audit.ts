export type { AuditQueryParams, AuditRecordView } from '../../http/api-types.js';

/** An audit search after its text has been checked: times parsed, cursor an id. */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'refused' | 'error';
  from?: Date;
  to?: Date;
  /** Case-insensitive text anywhere in action, target, actor name, address or detail. */
  q?: string;
  /** Only lines with an id below this. */
  before?: string;
}
