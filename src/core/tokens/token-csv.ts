import { ValidationError } from '../shared/app-error.js';
import { checkDate, checkNewToken, checkStatus, checkTokenPatch, checkTokenText, checkType } from './token-rules.js';
import type { CheckedToken } from './token-rules.js';
import type { TokenStatus } from './tokens.js';

/** The columns a token CSV may have, in export order; only `token` is required. */
export const TOKEN_CSV_COLUMNS = ['token', 'type', 'status', 'expires_at', 'group', 'label', 'driver_email'] as const;
type Column = (typeof TOKEN_CSV_COLUMNS)[number];
/** More rows than this are refused whole (the request body limit keeps the text itself bounded). */
export const MAX_IMPORT_ROWS = 50_000;

/** One record of a CSV file and the line it starts on (1-based, counting the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A row of an import that passed every rule: the fields its columns gave (absent columns stay undefined). */
export interface ImportRow {
  line: number;
  token: string;
  type?: CheckedToken['type'];
  status?: TokenStatus;
  expiresAt?: Date | null;
  groupId?: string | null;
  label?: string | null;
  driverEmail?: string | null;
}

/** A row that was refused, and why. */
export interface ImportRejection {
  line: number;
  token: string | null;
  reason: string;
}

/**
 * Splits CSV text into records (RFC 4180): a leading byte order mark is dropped, CRLF, LF and CR end
 * records, quoted fields may hold the delimiter, doubled quotes and line breaks. The delimiter is a comma,
 * or a semicolon when the header has semicolons and no commas (spreadsheets in many locales write those).
 * An unterminated quote throws ValidationError naming its line.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') { quoted = true; quoteLine = line; field = ''; i++; continue; }
    if (c === delimiter) { fields.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) throw new ValidationError(`line ${quoteLine}: a quoted field is not closed`, { line: quoteLine });
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Spreadsheet exports guard formula-like cells with an apostrophe (see csvField); reading undoes it. */
function cell(value: string | undefined): string {
  const text = (value ?? '').trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/** The column index of each known header name; throws ValidationError on unknown, repeated or missing ones. */
function headerColumns(header: string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (!(TOKEN_CSV_COLUMNS as readonly string[]).includes(name)) throw new ValidationError(`unknown column "${raw.slice(0, 50)}"; columns are ${TOKEN_CSV_COLUMNS.join(', ')}`);
    if (columns.has(name as Column)) throw new ValidationError(`column ${name} appears twice`);
    columns.set(name as Column, index);
  });
  if (!columns.has('token')) throw new ValidationError('the header row must name a token column');
  return columns;
}

function rowOf(record: CsvRecord, columns: Map<Column, number>): ImportRow {
  const get = (c: Column): string | undefined => (columns.has(c) ? cell(record.fields[columns.get(c)!]) : undefined);
  const nullable = (c: Column): string | null | undefined => { const v = get(c); return v === undefined ? undefined : v === '' ? null : v; };
  const typeText = get('type');
  const type = typeText ? checkType(typeText) : undefined;
  const token = checkTokenText(get('token') ?? '', type ?? 'ISO14443');
  const statusText = get('status');
  const expires = nullable('expires_at');
  const email = nullable('driver_email');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new ValidationError(`driver_email ${email.slice(0, 100)} is not an e-mail address`);
  const patch = checkTokenPatch({ groupId: nullable('group'), label: nullable('label') });
  return {
    line: record.line, token,
    ...(type ? { type } : {}),
    ...(statusText ? { status: checkStatus(statusText.toLowerCase()) } : {}),
    ...(expires !== undefined ? { expiresAt: checkDate(expires) } : {}),
    ...(patch.groupId !== undefined ? { groupId: patch.groupId } : {}),
    ...(patch.label !== undefined ? { label: patch.label } : {}),
    ...(email !== undefined ? { driverEmail: email } : {}),
  };
}

/**
 * Reads a token CSV: the rows that pass every rule, and each other row with its line and reason (wrong
 * number of fields, bad type or token text, unknown status, bad date, a duplicate of an earlier row).
 * A file it cannot read at all (no header, unknown columns, too many rows) throws ValidationError.
 */
export function readTokenCsv(text: string): { rows: ImportRow[]; rejected: ImportRejection[] } {
  const records = parseCsv(text);
  const [header, ...data] = records;
  if (!header) throw new ValidationError('the file is empty; the first row must name the columns');
  if (data.length > MAX_IMPORT_ROWS) throw new ValidationError(`at most ${MAX_IMPORT_ROWS} rows per import`, { rows: data.length });
  const columns = headerColumns(header.fields);
  const rows: ImportRow[] = [];
  const rejected: ImportRejection[] = [];
  const seen = new Map<string, number>();
  for (const record of data) {
    const raw = cell(record.fields[columns.get('token')!]) || null;
    if (record.fields.length !== header.fields.length) {
      rejected.push({ line: record.line, token: raw, reason: `expected ${header.fields.length} fields, found ${record.fields.length}` });
      continue;
    }
    try {
      const row = rowOf(record, columns);
      const earlier = seen.get(row.token.toUpperCase());
      if (earlier !== undefined) {
        rejected.push({ line: record.line, token: row.token, reason: `duplicate of line ${earlier}` });
        continue;
      }
      seen.set(row.token.toUpperCase(), record.line);
      rows.push(row);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      rejected.push({ line: record.line, token: raw, reason: error.message });
    }
  }
  return { rows, rejected };
}

/** A new token from an import row (defaults for absent columns); throws ValidationError like any new token. */
export function newTokenOf(row: ImportRow, driverId: string | null): CheckedToken {
  return checkNewToken({
    token: row.token, type: row.type, status: row.status, expiresAt: row.expiresAt ?? null, groupId: row.groupId ?? null,
    label: row.label ?? null, driverId,
  });
}
