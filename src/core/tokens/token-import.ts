import type { Kysely } from 'kysely';
import type { Bus, DomainEvent } from '../../bus/bus.js';
import type { Database } from '../../db/schema.js';
import type { TokenImportReport } from '../../http/api-types.js';
import { csvRecord } from '../reports/index.js';
import { ValidationError } from '../shared/app-error.js';
import type { Clock } from '../shared/clock.js';
import { withEvents } from '../shared/with-events.js';
import { newTokenOf, readTokenCsv, TOKEN_CSV_COLUMNS, type ImportRejection, type ImportRow } from './token-csv.js';
import { checkTokenText, type CheckedToken } from './token-rules.js';
import { driverIdsByEmail, existingTokens, insertTokens, tokensForExport, updateToken, type TokenSet } from './tokens-repository.js';
import type { TokenEventData } from './tokens.js';

const EXPORT_CHUNK = 1000;

/** The stored fields an import row changes on an existing token (only the columns the file has). */
function changesOf(row: ImportRow, driverId: string | null | undefined): TokenSet {
  const set: TokenSet = {};
  if (row.type !== undefined) set.type = row.type;
  if (row.status !== undefined) set.status = row.status;
  if (row.expiresAt !== undefined) set.expiresAt = row.expiresAt;
  if (row.groupId !== undefined) set.groupId = row.groupId;
  if (row.label !== undefined) set.label = row.label;
  if (driverId !== undefined) set.driverId = driverId;
  return set;
}

function addedData(t: CheckedToken): TokenEventData {
  return { token: t.token, type: t.type, status: t.status, expiresAt: t.expiresAt?.toISOString() ?? null, groupId: t.groupId, driverId: t.driverId };
}

/**
 * Adds the new and updates the known tokens of a CSV in one transaction (all or nothing on a database
 * error), with a `token.added` / `token.updated` event each. Rows refused by a rule or naming an unknown
 * driver e-mail are reported by line and left out.
 */
export async function importTokenCsv(deps: { db: Kysely<Database>; bus: Bus; clock: Clock }, text: string): Promise<TokenImportReport> {
  const { rows, rejected } = readTokenCsv(text);
  const at = deps.clock.now();
  const event = (type: string, data: TokenEventData): DomainEvent => ({ type, at: at.toISOString(), data });
  const counts = await withEvents(deps.db, deps.bus, async (trx) => {
    const emails = [...new Set(rows.flatMap((r) => (r.driverEmail ? [r.driverEmail] : [])))];
    const drivers = await driverIdsByEmail(trx, emails);
    const existing = await existingTokens(trx, rows.map((r) => r.token));
    const inserts: CheckedToken[] = [];
    const updates: Array<{ token: string; set: TokenSet }> = [];
    const refuse = (row: ImportRow, reason: string) => rejected.push({ line: row.line, token: row.token, reason } satisfies ImportRejection);
    for (const row of rows) {
      const driverId = row.driverEmail ? drivers.get(row.driverEmail.toLowerCase()) : row.driverEmail;
      if (row.driverEmail && driverId === undefined) { refuse(row, `no driver has the e-mail ${row.driverEmail}`); continue; }
      const stored = existing.get(row.token.toUpperCase());
      try {
        if (!stored) inserts.push(newTokenOf(row, driverId ?? null));
        else {
          // A new type must fit the stored text (e.g. a card relabelled as MacAddress).
          if (row.type !== undefined && row.type !== stored.type) checkTokenText(stored.token, row.type);
          updates.push({ token: stored.token, set: changesOf(row, driverId) });
        }
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        refuse(row, error.message);
      }
    }
    await insertTokens(trx, inserts, at);
    const events = inserts.map((t) => event('token.added', addedData(t)));
    for (const u of updates) {
      const updated = await updateToken(trx, u.token, u.set, at);
      if (updated) events.push(event('token.updated', { token: updated.token, type: updated.type, status: updated.status, expiresAt: updated.expiresAt, groupId: updated.groupId, driverId: updated.driverId }));
    }
    return { result: { added: inserts.length, updated: updates.length }, events };
  });
  return { ...counts, rejected: rejected.sort((a, b) => a.line - b.line) };
}

/** Every token as CSV with the import's columns (so an export can be edited and imported again). */
export async function* exportTokenCsv(db: Kysely<Database>): AsyncGenerator<string, void, undefined> {
  yield csvRecord(TOKEN_CSV_COLUMNS);
  let after: string | null = null;
  for (;;) {
    const rows = await tokensForExport(db, after, EXPORT_CHUNK);
    if (rows.length === 0) return;
    yield rows.map((r) => csvRecord([r.token, r.type, r.status, r.expires_at?.toISOString() ?? null, r.group_id, r.label, r.driver_email])).join('');
    if (rows.length < EXPORT_CHUNK) return;
    after = rows[rows.length - 1]!.token;
  }
}
