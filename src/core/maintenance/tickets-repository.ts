import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, TicketNotesTable, TicketsTable } from '../../db/schema.js';
import type { TicketNoteView, TicketStatus, TicketView } from './maintenance.js';

/** Sorts lists most urgent first; the cursor carries it with the id. */
const RANK = sql<number>`(case tickets.priority when 'urgent' then 3 when 'high' then 2 when 'normal' then 1 else 0 end)`;

type TicketRow = Selectable<TicketsTable> & { assignee_name: string | null };

function toTicket(r: TicketRow): TicketView {
  return {
    id: Number(r.id), incidentId: r.incident_id === null ? null : Number(r.incident_id), stationId: r.station_id, connectorId: r.connector_id,
    title: r.title, description: r.description, priority: r.priority, status: r.status, assigneeId: r.assignee_id, assigneeName: r.assignee_name,
    createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), closedAt: r.closed_at?.toISOString() ?? null,
  };
}

function toNote(r: Selectable<TicketNotesTable>): TicketNoteView {
  return { id: Number(r.id), ticketId: Number(r.ticket_id), authorId: r.author_id, authorName: r.author_name, text: r.text, createdAt: r.created_at.toISOString() };
}

function selectTickets(db: Kysely<Database>) {
  return db.selectFrom('tickets').leftJoin('users', 'users.id', 'tickets.assignee_id')
    .selectAll('tickets').select(sql<string | null>`coalesce(users.display_name, users.username)`.as('assignee_name'));
}

/** One ticket, or undefined. */
export async function findTicket(db: Kysely<Database>, id: number): Promise<TicketView | undefined> {
  const row = await selectTickets(db).where('tickets.id', '=', String(id)).executeTakeFirst();
  return row && toTicket(row);
}

/** A filter over tickets. */
export interface TicketFilter {
  statuses?: TicketStatus[];
  assigneeId?: string;
  stationId?: string;
  incidentId?: number;
  /** Keyset cursor: the rank and id of the last ticket of the previous page. */
  after?: { rank: number; id: number };
  limit: number;
}

/** Tickets most urgent first, then newest; one more than `limit` to tell whether more exist. */
export async function queryTickets(db: Kysely<Database>, f: TicketFilter): Promise<{ rows: Array<TicketView & { rank: number }>; total: number }> {
  let q = selectTickets(db);
  if (f.statuses?.length) q = q.where('tickets.status', 'in', f.statuses);
  if (f.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.stationId !== undefined) q = q.where('tickets.station_id', '=', f.stationId);
  if (f.incidentId !== undefined) q = q.where('tickets.incident_id', '=', String(f.incidentId));
  const paged = f.after ? q.where(sql<boolean>`(${RANK}, tickets.id) < (${f.after.rank}, ${String(f.after.id)}::bigint)`) : q;
  const [rows, count] = await Promise.all([
    paged.select(RANK.as('rank')).orderBy(RANK, 'desc').orderBy('tickets.id', 'desc').limit(f.limit + 1).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...toTicket(r), rank: r.rank })), total: count.n };
}

/** Inserts a ticket and returns it. */
export async function insertTicket(trx: Kysely<Database>, values: Insertable<TicketsTable>): Promise<TicketView> {
  const { id } = await trx.insertInto('tickets').values(values).returning('id').executeTakeFirstOrThrow();
  return (await findTicket(trx, Number(id)))!;
}

/** Changes a ticket and returns it; undefined when it does not exist. */
export async function updateTicket(trx: Kysely<Database>, id: number, set: Updateable<TicketsTable>): Promise<TicketView | undefined> {
  const res = await trx.updateTable('tickets').set(set).where('id', '=', String(id)).executeTakeFirst();
  return res.numUpdatedRows > 0n ? findTicket(trx, id) : undefined;
}

/** Locks a ticket row for a change (status transitions are checked against the locked state). */
export async function lockTicket(trx: Kysely<Database>, id: number): Promise<TicketView | undefined> {
  const row = await trx.selectFrom('tickets').select('id').where('id', '=', String(id)).forUpdate().executeTakeFirst();
  return row ? findTicket(trx, id) : undefined;
}

/** Adds a note to a ticket. */
export async function insertNote(trx: Kysely<Database>, values: Insertable<TicketNotesTable>): Promise<TicketNoteView> {
  return toNote(await trx.insertInto('ticket_notes').values(values).returningAll().executeTakeFirstOrThrow());
}

/** A ticket's notes, oldest first. */
export async function listNotes(db: Kysely<Database>, ticketId: number): Promise<TicketNoteView[]> {
  return (await db.selectFrom('ticket_notes').selectAll().where('ticket_id', '=', String(ticketId)).orderBy('id').execute()).map(toNote);
}

/** A user who may be given tickets (an enabled technician, operator or admin), or undefined. */
export async function findAssignee(db: Kysely<Database>, userId: string): Promise<{ id: string; role: string } | undefined> {
  return db.selectFrom('users').select(['id', 'role']).where('id', '=', userId).where('disabled', '=', false)
    .where('role', 'in', ['technician', 'operator', 'admin']).executeTakeFirst();
}

/** Whether a station exists. */
export async function stationExists(db: Kysely<Database>, stationId: string): Promise<boolean> {
  return (await db.selectFrom('stations').select('id').where('id', '=', stationId).executeTakeFirst()) !== undefined;
}

/** The ticket already made from an incident, if any (one per incident). */
export async function ticketOfIncident(db: Kysely<Database>, incidentId: number): Promise<TicketView | undefined> {
  const row = await selectTickets(db).where('tickets.incident_id', '=', String(incidentId)).orderBy('tickets.id').executeTakeFirst();
  return row && toTicket(row);
}
