/**
 * The incident page's remediation actions: open a maintenance ticket from the incident, and run one
 * remediation step now (after a confirmation), showing the station's answer or the guard that stopped it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { errorMessage } from '../api/client.js';
import { createIncidentTicket, runRemediationStep } from '../api/tickets.js';
import type { IncidentSummary, RemediationAction, RemediationResult, TicketView } from '../api/types.js';
import { Link } from '../router.js';
import { Dialog } from './dialog.js';

const ACTIONS: Array<{ id: RemediationAction; label: string; help: string }> = [
  { id: 'trigger_status', label: 'Ask for its status', help: 'Sends TriggerMessage StatusNotification: the station reports its connectors again.' },
  { id: 'soft_reset', label: 'Soft reset', help: 'Restarts the station gracefully. Refused while a session runs.' },
  { id: 'hard_reset', label: 'Hard reset', help: 'Reboots the station at once. Refused while a session runs.' },
  { id: 'ticket', label: 'Open a ticket', help: 'Opens a maintenance ticket with the incident\'s facts.' },
];
const GOOD = new Set(['Accepted', 'Scheduled']);

/** Shows a step's outcome. */
function StepOutcome({ result }: { result: RemediationResult }) {
  const tone = result.outcome === 'done' && (result.answer === null || GOOD.has(result.answer)) ? 'alert-ok' : result.outcome === 'failed' ? 'alert-error' : 'alert-warn';
  return (
    <div className={`alert ${tone}`} role="status" data-testid="remediation-result">
      <strong>{result.answer !== null ? <>The station answered: <span data-testid="remediation-answer">{result.answer}</span></> : result.outcome === 'skipped' ? 'Not done' : 'Done'}</strong>
      <span>{result.message}</span>
      {result.ticketId !== null && <Link to={`/tickets/${result.ticketId}`}>Ticket #{result.ticketId}</Link>}
    </div>
  );
}

/** "Create ticket" and "Run remediation step" for an incident (for roles that may send commands). */
export function IncidentRemediationActions({ incident }: { incident: IncidentSummary }) {
  const client = useQueryClient();
  const role = useMe().data?.user.role;
  const [open, setOpen] = useState<'ticket' | 'step' | null>(null);
  const [action, setAction] = useState<RemediationAction>('trigger_status');
  const [force, setForce] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RemediationResult | null>(null);
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (role !== 'admin' && role !== 'operator' && role !== 'technician') return null;
  const mayForce = role === 'admin' || role === 'operator';
  const resolved = incident.state === 'resolved';

  const show = (which: 'ticket' | 'step') => {
    setResult(null);
    setTicket(null);
    setError(null);
    setForce(false);
    setOpen(which);
  };
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const done = result !== null || ticket !== null;
  const close = () => setOpen(null);

  return (
    <>
      {incident.ticketId !== null ? (
        <Link to={`/tickets/${incident.ticketId}`} className="button button-secondary">Ticket #{incident.ticketId}</Link>
      ) : incident.stationId !== null && (
        <button type="button" className="button button-secondary" onClick={() => show('ticket')} data-testid="incident-create-ticket">Create ticket</button>
      )}
      {incident.stationId !== null && !resolved && (
        <button type="button" className="button button-secondary" onClick={() => show('step')} data-testid="incident-remediation">Run remediation step</button>
      )}
      <Dialog
        open={open !== null}
        title={open === 'ticket' ? 'Create a maintenance ticket' : 'Run a remediation step'}
        onClose={close}
        footer={done ? (
          <button type="button" className="button button-primary" onClick={close}>Close</button>
        ) : (
          <>
            <button type="button" className="button button-ghost" onClick={close} disabled={busy}>Cancel</button>
            <button
              type="button" className={`button ${open === 'step' && action.endsWith('reset') ? 'button-danger' : 'button-primary'}`} disabled={busy} data-testid="remediation-confirm"
              onClick={() => void run(async () => {
                if (open === 'ticket') setTicket(await createIncidentTicket(client, incident.id));
                else setResult(await runRemediationStep(incident.id, action, mayForce && force));
              })}
            >
              {busy ? (open === 'step' ? 'Waiting for the station…' : 'Saving…') : 'Confirm'}
            </button>
          </>
        )}
      >
        {open === 'ticket' && !ticket && <div className="dialog-text">A ticket for {incident.stationId} is opened with this incident's title and facts, and linked to it.</div>}
        {ticket && <div className="alert alert-ok" role="status">Opened <Link to={`/tickets/${ticket.id}`}>ticket #{ticket.id}</Link>.</div>}
        {open === 'step' && !result && (
          <>
            <div className="dialog-text">The step is sent to {incident.stationId} now. The same guards as the automatic ladder apply: no reset while a session runs, during a maintenance window, or past the daily reset limit.</div>
            <fieldset className="field">
              <legend>Step</legend>
              {ACTIONS.map((a) => (
                <label key={a.id} className="field-inline">
                  <input type="radio" name="remediation-action" value={a.id} checked={action === a.id} onChange={() => setAction(a.id)} />
                  <span><strong>{a.label}</strong> <span className="muted small">{a.help}</span></span>
                </label>
              ))}
            </fieldset>
            {mayForce && action.endsWith('reset') && (
              <label className="field-inline">
                <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
                <span>Past the daily reset limit</span>
              </label>
            )}
          </>
        )}
        {result && <StepOutcome result={result} />}
        {error && <div className="alert alert-error" role="alert">{error}</div>}
      </Dialog>
    </>
  );
}
