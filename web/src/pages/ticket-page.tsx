/** One maintenance ticket: its facts, status changes, assignee and notes. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { errorMessage } from '../api/client.js';
import { useAssignableUsers } from '../api/incidents.js';
import { addTicketNote, updateTicket, useTicket } from '../api/tickets.js';
import type { TicketDetail, TicketStatus, TicketUpdate } from '../api/types.js';
import { ErrorBox, Facts, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { PriorityBadge, STATUS_LABEL, TicketStatusBadge } from '../components/ticket-badges.js';
import { formatDateTime } from '../format.js';
import { Link } from '../router.js';

/** Where a ticket may go from each status, as buttons (the server checks the same). */
const NEXT: Record<TicketStatus, TicketStatus[]> = {
  open: ['in_progress', 'resolved', 'closed', 'cancelled'],
  in_progress: ['open', 'resolved', 'closed', 'cancelled'],
  resolved: ['in_progress', 'closed'],
  closed: [],
  cancelled: [],
};
const ACTION_LABEL: Record<TicketStatus, string> = { open: 'Back to open', in_progress: 'Start work', resolved: 'Mark resolved', closed: 'Close', cancelled: 'Cancel ticket' };

/** The ticket page. */
export function TicketPage({ id }: { id: number }) {
  const ticket = useTicket(id);
  return (
    <>
      <PageHeader title={ticket.data ? `#${id} ${ticket.data.title}` : `Ticket #${id}`} back={{ to: '/tickets', label: 'Tickets' }}
        subtitle={ticket.data && <><TicketStatusBadge status={ticket.data.status} /> <PriorityBadge priority={ticket.data.priority} /></>} />
      {ticket.isPending ? <Loading /> : ticket.isError ? <ErrorBox error={ticket.error} /> : <TicketBody ticket={ticket.data} />}
    </>
  );
}

function TicketBody({ ticket }: { ticket: TicketDetail }) {
  const client = useQueryClient();
  const user = useMe().data?.user;
  const manager = user?.role === 'admin' || user?.role === 'operator';
  // Technicians work their own tickets and unassigned ones; the server enforces the same.
  const mayWork = manager || (user?.role === 'technician' && (ticket.assigneeId === null || ticket.assigneeId === user.id));
  const final = ticket.status === 'closed' || ticket.status === 'cancelled';
  const assignable = useAssignableUsers(manager && !final);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');

  const change = async (body: TicketUpdate) => {
    setBusy(true);
    setError(null);
    try {
      await updateTicket(client, ticket.id, body);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const submitNote = async () => {
    setBusy(true);
    setError(null);
    try {
      await addTicketNote(client, ticket.id, note.trim());
      setNote('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const statuses = NEXT[ticket.status].filter((s) => manager || s !== 'cancelled');

  return (
    <div className="two-col">
      <div className="stack">
        <Panel title="Ticket">
          <Facts items={[
            ['Station', <Link key="s" to={`/stations/${encodeURIComponent(ticket.stationId)}`}>{ticket.stationId}</Link>],
            ['Connector', ticket.connectorId ?? 'Whole station'],
            ['Incident', ticket.incidentId !== null ? <Link key="i" to={`/incidents/${ticket.incidentId}`}>#{ticket.incidentId}</Link> : '—'],
            ['Assignee', ticket.assigneeName ?? 'Nobody'],
            ['Opened', `${formatDateTime(ticket.createdAt)} by ${ticket.createdBy}`],
            ['Updated', formatDateTime(ticket.updatedAt)],
            ['Closed', ticket.closedAt ? formatDateTime(ticket.closedAt) : '—'],
          ]} />
          {ticket.description && <pre className="code" data-testid="ticket-description">{ticket.description}</pre>}
        </Panel>
        <Panel title={`Notes (${ticket.notes.length})`}>
          {ticket.notes.length === 0 ? <p className="muted">No notes yet.</p> : (
            <ol className="stack" data-testid="ticket-notes">
              {ticket.notes.map((n) => (
                <li key={n.id}>
                  <div className="small muted">{n.authorName} · {formatDateTime(n.createdAt)}</div>
                  <div className="break">{n.text}</div>
                </li>
              ))}
            </ol>
          )}
          {mayWork && !final && (
            <form className="stack" onSubmit={(e) => { e.preventDefault(); void submitNote(); }}>
              <label className="field"><span>Add a note</span><textarea rows={3} value={note} maxLength={10_000} onChange={(e) => setNote(e.target.value)} /></label>
              <div><button type="submit" className="button button-secondary" disabled={busy || !note.trim()}>Add note</button></div>
            </form>
          )}
        </Panel>
      </div>
      <div className="stack">
        {mayWork && !final && (
          <Panel title="Actions">
            <div className="stack">
              <div className="page-actions" role="group" aria-label="Change status">
                {statuses.map((s) => (
                  <button key={s} type="button" className={`button ${s === 'cancelled' ? 'button-danger-outline' : 'button-secondary'}`} disabled={busy} onClick={() => void change({ status: s })}>
                    {ACTION_LABEL[s]}
                  </button>
                ))}
              </div>
              {manager ? (
                <label className="field">
                  <span>Assignee</span>
                  <select value={ticket.assigneeId ?? ''} disabled={busy || assignable.isPending} onChange={(e) => void change({ assigneeId: e.target.value || null })}>
                    <option value="">Nobody</option>
                    {(assignable.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.displayName ?? u.username} ({u.role})</option>)}
                  </select>
                </label>
              ) : ticket.assigneeId === null ? (
                <button type="button" className="button button-primary" disabled={busy} onClick={() => void change({ assigneeId: user!.id })}>Take this ticket</button>
              ) : (
                <button type="button" className="button button-ghost" disabled={busy} onClick={() => void change({ assigneeId: null })}>Give back</button>
              )}
              {error && <div className="alert alert-error" role="alert">{error}</div>}
            </div>
          </Panel>
        )}
        {final && <Panel title="Status"><p className="muted">This ticket is {STATUS_LABEL[ticket.status].toLowerCase()}.</p></Panel>}
      </div>
    </div>
  );
}
