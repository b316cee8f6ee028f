import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, IncidentsTable, IncidentTimelineTable } from '../../db/schema.js';
import type { IncidentSummary, RuleCategory, TimelineEntry, TimelineKind } from './alerts.js';

/** An incident row as stored. */
export type IncidentRow = Selectable<IncidentsTable>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** An incident row as other features and the API see it. */
export function toIncidentSummary(r: IncidentRow): IncidentSummary {
  return {
    id: Number(r.id), ruleKey: r.rule_key, category: r.category as RuleCategory, subjectType: r.subject_type, subjectKey: r.subject_key,
    stationId: r.station_id, evseId: r.evse_id, connectorId: r.connector_id, sessionId: r.session_id, siteId: r.site_id,
    severity: r.severity, state: r.state, title: r.title, details: r.details ?? {}, occurrences: r.occurrences,
    firstSeenAt: r.first_seen_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at), acknowledgedBy: r.acknowledged_by,
    resolvedAt: iso(r.resolved_at), resolvedBy: r.resolved_by, resolutionNote: r.resolution_note,
    assigneeId: r.assignee_id, ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    autoResolved: r.auto_resolved, escalatedAt: iso(r.escalated_at),
  };
}

/** The unresolved incident of a rule and subject, locked for the rest of the transaction. */
export function lockOpenIncident(trx: Kysely<Database>, ruleKey: string, subjectKey: string): Promise<IncidentRow | undefined> {
  return trx.selectFrom('incidents').selectAll().where('rule_key', '=', ruleKey).where('subject_key', '=', subjectKey).where('state', '<>', 'resolved').forUpdate().executeTakeFirst();
}

/** One incident, locked for the rest of the transaction. */
export function lockIncident(trx: Kysely<Database>, id: number): Promise<IncidentRow | undefined> {
  return trx.selectFrom('incidents').selectAll().where('id', '=', String(id)).forUpdate().executeTakeFirst();
}

/** One incident. */
export function findIncident(db: Kysely<Database>, id: number): Promise<IncidentRow | undefined> {
  return db.selectFrom('incidents').selectAll().where('id', '=', String(id)).executeTakeFirst();
}

/** The last incident of a rule and subject that is resolved (to say a new one is a recurrence). */
export function lastResolvedIncident(trx: Kysely<Database>, ruleKey: string, subjectKey: string): Promise<Pick<IncidentRow, 'id' | 'resolved_at'> | undefined> {
  return trx.selectFrom('incidents').select(['id', 'resolved_at']).where('rule_key', '=', ruleKey).where('subject_key', '=', subjectKey)
    .where('state', '=', 'resolved').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Inserts an incident and returns it. */
export async function insertIncident(trx: Kysely<Database>, values: Insertable<IncidentsTable>): Promise<IncidentRow> {
  return trx.insertInto('incidents').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Changes an incident and returns it. */
export async function updateIncident(trx: Kysely<Database>, id: string, set: Updateable<IncidentsTable>): Promise<IncidentRow> {
  return trx.updateTable('incidents').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Adds one entry to an incident's timeline. */
export async function insertTimeline(trx: Kysely<Database>, values: Insertable<IncidentTimelineTable>): Promise<void> {
  await trx.insertInto('incident_timeline').values(values).execute();
}

/** An incident's timeline, oldest first. */
export async function listTimeline(db: Kysely<Database>, incidentId: number): Promise<TimelineEntry[]> {
  const rows = await db.selectFrom('incident_timeline').selectAll().where('incident_id', '=', String(incidentId)).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), incidentId: Number(r.incident_id), at: r.at.toISOString(), kind: r.kind as TimelineKind, actor: r.actor, message: r.message, data: r.data ?? {} }));
}

/** Open (not acknowledged, not resolved) incidents below critical: the candidates for escalation. */
export function escalationCandidates(db: Kysely<Database>): Promise<IncidentRow[]> {
  return db.selectFrom('incidents').selectAll().where('state', '=', 'open').where('severity', '<>', 'critical').orderBy('id').execute();
}

/** Whether a user may be assigned incidents: exists, enabled, and works on the network (not a viewer or driver). */
export async function assignableUser(db: Kysely<Database>, userId: string): Promise<{ id: string; username: string; displayName: string | null } | undefined> {
  const row = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', '=', userId).where('disabled', '=', false)
    .where('role', 'in', ['admin', 'operator', 'technician']).executeTakeFirst();
  return row && { id: row.id, username: row.username, displayName: row.display_name };
}
