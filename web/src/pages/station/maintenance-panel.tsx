/** Maintenance mode on the station page: start or end it for the station or one port, and the scheduled windows. */
import { useState, type FormEvent } from 'react';
import type { StationDetail } from '../../api/types.js';
import { useMaintenanceAction, useMaintenanceWindows } from '../../api/uptime.js';
import { Empty, ErrorBox, Loading, Panel } from '../../components/feedback.js';

/** The maintenance panel of a station. */
export function MaintenancePanel({ station }: { station: StationDetail }) {
  const windows = useMaintenanceWindows(station.id);
  const action = useMaintenanceAction(station.id);
  const ports = [...new Set(station.connectors.map((c) => c.evseId))];
  const [form, setForm] = useState({ port: '', reason: '', startsAt: '', endsAt: '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate({ start: {
      stationId: station.id, evseId: form.port ? Number(form.port) : null, reason: form.reason,
      ...(form.startsAt ? { startsAt: new Date(form.startsAt).toISOString() } : {}), endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null,
    } }, { onSuccess: () => setForm({ port: '', reason: '', startsAt: '', endsAt: '' }) });
  };
  return (
    <Panel title="Maintenance">
      <form className="filters" onSubmit={submit} aria-label="Start or schedule maintenance">
        <label className="field"><span>Port</span><select value={form.port} onChange={(e) => setForm({ ...form, port: e.target.value })}><option value="">Whole station</option>{ports.map((p) => <option key={p} value={p}>EVSE {p}</option>)}</select></label>
        <label className="field field-grow"><span>Reason</span><input required value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} /></label>
        <label className="field"><span>Starts (empty: now)</span><input type="datetime-local" value={form.startsAt} onChange={(e) => setForm({ ...form, startsAt: e.target.value })} /></label>
        <label className="field"><span>Ends (optional)</span><input type="datetime-local" value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} /></label>
        <button type="submit" disabled={action.isPending}>{form.startsAt ? 'Schedule' : 'Start maintenance'}</button>
      </form>
      {action.isError && <ErrorBox error={action.error} />}
      {windows.isPending ? <Loading /> : windows.isError ? <ErrorBox error={windows.error} /> : windows.data.length === 0 ? <Empty>No maintenance active or scheduled.</Empty> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Port</th><th scope="col">State</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Reason</th><th scope="col" /></tr></thead>
          <tbody>{windows.data.map((w) => (
            <tr key={w.id}>
              <td>{w.evseId === null ? 'Whole station' : `EVSE ${w.evseId}`}</td><td>{w.state === 'active' ? 'In maintenance' : 'Scheduled'}</td>
              <td>{new Date(w.startsAt).toLocaleString()}</td><td>{w.endsAt ? new Date(w.endsAt).toLocaleString() : 'until ended'}</td><td>{w.reason}</td>
              <td>{w.state === 'active'
                ? <button type="button" onClick={() => action.mutate({ end: w.id })}>End</button>
                : <button type="button" className="link" onClick={() => action.mutate({ remove: w.id })}>Delete</button>}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Panel>
  );
}
