import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Page } from '../../http/api-types.js';
import { ValidationError } from '../shared/app-error.js';
import { searchAudit } from './audit-repository.js';
import type { AuditFilter, AuditQueryParams, AuditRecordView } from './audit.js';

/** At most this many lines go into one CSV export (narrow the filters for more). */
export const MAX_EXPORT_ROWS = 100_000;
const EXPORT_PAGE = 2_000;
const CSV_COLUMNS = ['id', 'at', 'actor', 'actorName', 'ip', 'action', 'target', 'result', 'detail'] as const;

function time(v: string | undefined, name: string): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} must be an ISO 8601 time`);
  return d;
}

/** One CSV field: quoted when needed; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it. */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Reads the append-only audit log: filtered search with id cursor paging, and CSV export. */
export class AuditQueries {
  constructor(private readonly deps: { db: Kysely<Database> }) {}

  /** A page of lines, newest first; `nextCursor` is the last id when more may follow. */
  async search(q: AuditQueryParams): Promise<Page<AuditRecordView>> {
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? 100), 1), 1000);
    const items = await searchAudit(this.deps.db, this.filter(q), limit);
    return { items, nextCursor: items.length === limit ? (items.at(-1)?.id ?? null) : null, total: items.length };
  }

  /** Every matching line (at most MAX_EXPORT_ROWS) as CSV with a header row, newest first. */
  async csv(q: AuditQueryParams): Promise<string> {
    const filter = this.filter(q);
    const lines = [CSV_COLUMNS.join(',')];
    let before = filter.before;
    for (let n = 0; n < MAX_EXPORT_ROWS;) {
      const rows = await searchAudit(this.deps.db, { ...filter, before }, Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - n));
      for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(','));
      n += rows.length;
      if (rows.length < EXPORT_PAGE) break;
      before = rows.at(-1)!.id;
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  private filter(q: AuditQueryParams): AuditFilter {
    if (q.cursor !== undefined && !/^\d{1,18}$/.test(q.cursor)) throw new ValidationError('cursor must be an audit line id');
    return {
      actor: q.actor || undefined, action: q.action || undefined, target: q.target || undefined, result: q.result, q: q.q?.trim() || undefined,
      from: time(q.from, 'from'), to: time(q.to, 'to'), before: q.cursor,
    };
  }
}
