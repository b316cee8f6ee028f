import type { Kysely } from 'kysely';
import type { SessionReportRow } from '../../http/api-types.js';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

/** The report row is part of the API contract: one definition, in api-types. */
export type { ReportCostLine, SessionReportRow } from '../../http/api-types.js';

/** Which sessions a report covers. Times bound the start: from ≤ started_at < to. */
export interface SessionReportFilter {
  from?: Date;
  to?: Date;
  siteId?: string;
  stationId?: string;
  /** Exact id token, case-insensitive. */
  idToken?: string;
  /** Case-insensitive part of the token holder's name (the token's label). */
  user?: string;
  state?: 'active' | 'completed';
}

/** Where a keyset page ends: the last row's start and id (rows run newest first). */
export interface ReportPosition {
  startedAt: string;
  id: number;
}

/** A page of the report for the web table; `nextCursor` continues it. */
export interface SessionReportPage {
  items: SessionReportRow[];
  nextCursor: string | null;
  total: number;
  totalIsEstimate: boolean;
}

/** What a receipt prints besides the report row. */
export interface ReceiptData {
  row: SessionReportRow;
  /** IANA time zone the receipt's times are shown in (the site's, else UTC). */
  timezone: string;
  operatorName: string;
}

/** Settings of the report service. */
export interface ReportSettings {
  /** The name printed on receipts. */
  operatorName?: string;
  /** Rows fetched per database round trip while streaming an export. */
  batchSize?: number;
}

/** What the report service is built from; supplied by server.ts. */
export interface ReportServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  settings?: ReportSettings;
}
