/**
 * What an operator can do on an incident: acknowledge, resolve with a note, assign, add a note. Each action
 * is a small component, so more (a ticket, a remediation step) can sit beside them in the toolbar.
 */
import { useState } from 'react';
import { useAssignableUsers, useIncidentActions } from '../api/incidents.js';
import type { IncidentView } from '../api/types.js';
import { Dialog } from './dialog.js';
import { ErrorBox } from './feedback.js';
import { IncidentRemediationActions } from './incident-remediation.js';

type Actions = ReturnType<typeof useIncidentActions>;

/** Acknowledge (only while open). */
function AcknowledgeButton({ incident, actions }: { incident: IncidentView; actions: Actions }) {
  if (incident.state !== 'open') return null;
  return (
    <button type="button" className="button button-primary" disabled={actions.acknowledge.isPending} onClick={() => actions.acknowledge.mutate()} data-testid="incident-acknowledge">
      Acknowledge
    </button>
  );
}

/** Resolve by hand, with a note saying what was done. */
function ResolveButton({ incident, actions }: { incident: IncidentView; actions: Actions }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  if (incident.state === 'resolved') return null;
  const submit = () => actions.resolve.mutate(note, { onSuccess: () => { setOpen(false); setNote(''); } });
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)} data-testid="incident-resolve">Resolve…</button>
      <Dialog open={open} title="Resolve incident" onClose={() => setOpen(false)} footer={(
        <>
          <button type="button" className="button button-ghost" onClick={() => setOpen(false)}>Cancel</button>
          <button type="button" className="button button-primary" disabled={note.trim().length === 0 || actions.resolve.isPending} onClick={submit} data-testid="incident-resolve-confirm">Resolve</button>
        </>
      )}>
        <label className="field">
          <span>What was done</span>
          <textarea rows={4} value={note} maxLength={2000} required onChange={(e) => setNote(e.target.value)} data-testid="incident-resolve-note" />
        </label>
        {actions.resolve.isError && <ErrorBox error={actions.resolve.error} title="Not resolved" />}
      </Dialog>
    </>
  );
}

/** Assign to a user who works on the network, or nobody. */
function AssignSelect({ incident, actions }: { incident: IncidentView; actions: Actions }) {
  const users = useAssignableUsers(incident.state !== 'resolved');
  if (incident.state === 'resolved') return null;
  return (
    <label className="field-inline">
      <span>Assignee</span>
      <select value={incident.assigneeId ?? ''} disabled={users.isPending || actions.assign.isPending} onChange={(e) => actions.assign.mutate(e.target.value || null)} data-testid="incident-assign">
        <option value="">Nobody</option>
        {users.data?.map((u) => <option key={u.id} value={u.id}>{u.displayName ?? u.username} ({u.role})</option>)}
      </select>
    </label>
  );
}

/** The toolbar of actions on an incident (for users who may act on incidents). */
export function IncidentActions({ incident }: { incident: IncidentView }) {
  const actions = useIncidentActions(incident.id);
  const failed = [actions.acknowledge, actions.assign].find((m) => m.isError);
  return (
    <div className="stack">
      <div className="incident-actions">
        <AcknowledgeButton incident={incident} actions={actions} />
        <ResolveButton incident={incident} actions={actions} />
        <AssignSelect incident={incident} actions={actions} />
        <IncidentRemediationActions incident={incident} />
      </div>
      {failed && <ErrorBox error={failed.error} title="The action failed" />}
    </div>
  );
}

/** A form to add a note to the timeline. */
export function IncidentNoteForm({ incidentId }: { incidentId: number }) {
  const actions = useIncidentActions(incidentId);
  const [text, setText] = useState('');
  const submit = () => actions.note.mutate(text, { onSuccess: () => setText('') });
  return (
    <form className="note-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <label className="field field-grow">
        <span>Add a note</span>
        <textarea rows={2} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} data-testid="incident-note" />
      </label>
      <button type="submit" className="button button-secondary" disabled={text.trim().length === 0 || actions.note.isPending}>Add note</button>
      {actions.note.isError && <ErrorBox error={actions.note.error} title="Note not saved" />}
    </form>
  );
}
