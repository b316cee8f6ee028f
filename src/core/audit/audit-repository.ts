import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.js';
import type { AuditFilter, AuditRecordView } from './audit.js';

const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function view(r: Selectable<AuditLogTable>): AuditRecordView {
  return {
    id: String(r.id), at: r.at.toISOString(), actor: r.actor, actorName: r.actor_name, ip: r.ip, action: r.action, target: r.target,
    result: r.result, detail: r.detail as Record<string, unknown>,
  };
}

/** Audit lines matching the filter, newest first (by id: the order they were written). */
export async function searchAudit(db: Kysely<Database>, f: AuditFilter, limit: number): Promise<AuditRecordView[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (f.actor) q = q.where((eb) => eb.or([eb('actor', '=', f.actor!), eb(sql<string>`lower(actor_name)`, '=', f.actor!.toLowerCase())]));
  if (f.action) q = q.where('action', 'like', `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.target) q = q.where('target', '=', f.target);
  if (f.result) q = q.where('result', '=', f.result);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  if (f.q) {
    const text = like(f.q);
    q = q.where((eb) => eb.or([
      eb('action', 'ilike', text), eb('target', 'ilike', text), eb('actor_name', 'ilike', text), eb('ip', 'ilike', text), eb(sql<string>`detail::text`, 'ilike', text),
    ]));
  }
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(view);
}
