import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RemediationAction } from './remediation.js';

/** A ladder that is running for an open incident. */
export interface RunRecord {
  incidentId: number;
  ruleKey: string;
  stationId: string;
  evseId: number | null;
  connectorId: number | null;
  siteId: string | null;
  openedAtMs: number;
  /** The next ladder step to take (the count of steps already claimed). */
  nextIndex: number;
}

/** Starts following an incident's ladder; false when it was already followed. */
export async function insertRun(db: Kysely<Database>, r: Omit<RunRecord, 'nextIndex'>, at: Date): Promise<boolean> {
  const row = await db.insertInto('remediation_runs').values({
    incident_id: String(r.incidentId), rule_key: r.ruleKey, station_id: r.stationId, evse_id: r.evseId, connector_id: r.connectorId,
    site_id: r.siteId, opened_at: new Date(r.openedAtMs), updated_at: at,
  }).onConflict((oc) => oc.column('incident_id').doNothing()).returning('incident_id').executeTakeFirst();
  return row !== undefined;
}

/** Ends a ladder: stopped (resolved, acknowledged) or finished (every step taken). */
export async function endRun(db: Kysely<Database>, incidentId: number, state: 'stopped' | 'finished', reason: string, at: Date): Promise<void> {
  await db.updateTable('remediation_runs').set({ state, stop_reason: reason, updated_at: at }).where('incident_id', '=', String(incidentId)).where('state', '=', 'running').execute();
}

/** Open incidents on a station that no ladder ever followed (opened while this process was not listening). */
export async function unfollowedOpenIncidents(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('incidents as i').select('i.id')
    .where('i.state', '=', 'open').where('i.station_id', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('remediation_runs as r').select('r.incident_id').whereRef('r.incident_id', '=', 'i.id'))))
    .orderBy('i.id').execute();
  return rows.map((r) => Number(r.id));
}

/** The running ladders with the next step of each (after the steps already recorded). */
export async function runningRuns(db: Kysely<Database>): Promise<RunRecord[]> {
  const rows = await db.selectFrom('remediation_runs as r').selectAll('r')
    .select((eb) => eb.selectFrom('remediation_steps as s').whereRef('s.incident_id', '=', 'r.incident_id').where('s.step_index', 'is not', null)
      .select(sql<number>`coalesce(max(s.step_index) + 1, 0)::int`.as('n')).as('next_index'))
    .where('r.state', '=', 'running').orderBy('r.incident_id').execute();
  return rows.map((r) => ({
    incidentId: Number(r.incident_id), ruleKey: r.rule_key, stationId: r.station_id, evseId: r.evse_id, connectorId: r.connector_id,
    siteId: r.site_id, openedAtMs: r.opened_at.getTime(), nextIndex: r.next_index ?? 0,
  }));
}

/**
 * Claims a step before it is taken, so it is taken at most once even across a restart; `stepIndex` null for
 * steps by hand. Returns the row id, or undefined when that ladder step was already claimed.
 */
export async function claimStep(db: Kysely<Database>, v: { incidentId: number; stepIndex: number | null; action: RemediationAction; stationId: string; actor: string; forced: boolean; at: Date }): Promise<string | undefined> {
  const row = await db.insertInto('remediation_steps').values({
    incident_id: String(v.incidentId), step_index: v.stepIndex, action: v.action, station_id: v.stationId, outcome: 'running', actor: v.actor, forced: v.forced, at: v.at,
  }).onConflict((oc) => oc.columns(['incident_id', 'step_index']).where('step_index', 'is not', null).doNothing()).returning('id').executeTakeFirst();
  return row?.id;
}

/** Records how a claimed step ended. */
export async function finishStep(db: Kysely<Database>, id: string, v: { outcome: 'done' | 'skipped' | 'failed'; answer: string | null; guard: string | null }): Promise<void> {
  await db.updateTable('remediation_steps').set(v).where('id', '=', id).execute();
}

/** Steps a restart interrupted (claimed, never finished): they count as taken, answer unknown. */
export async function failInterruptedSteps(db: Kysely<Database>): Promise<number> {
  const res = await db.updateTable('remediation_steps').set({ outcome: 'failed', answer: 'interrupted' }).where('outcome', '=', 'running').executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** Resets a station was sent since `since` (automatic or by hand). */
export async function countResets(db: Kysely<Database>, stationId: string, since: Date): Promise<number> {
  const row = await db.selectFrom('remediation_steps').select(sql<number>`count(*)::int`.as('n'))
    .where('station_id', '=', stationId).where('action', 'in', ['soft_reset', 'hard_reset']).where('outcome', '=', 'done').where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** An incident's steps, oldest first (for tests and the incident's history). */
export async function stepsOf(db: Kysely<Database>, incidentId: number): Promise<Array<{ stepIndex: number | null; action: string; outcome: string; answer: string | null; guard: string | null; actor: string; forced: boolean; at: Date }>> {
  const rows = await db.selectFrom('remediation_steps').selectAll().where('incident_id', '=', String(incidentId)).orderBy('id').execute();
  return rows.map((r) => ({ stepIndex: r.step_index, action: r.action, outcome: r.outcome, answer: r.answer, guard: r.guard, actor: r.actor, forced: r.forced, at: r.at }));
}
