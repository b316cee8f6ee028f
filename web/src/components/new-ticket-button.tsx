/** "New ticket": a dialog to open a maintenance ticket for a station by hand. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import { createTicket } from '../api/tickets.js';
import type { TicketPriority } from '../api/types.js';
import { navigate } from '../router.js';
import { Dialog } from './dialog.js';

const PRIORITIES: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** The button and its form; `stationId` pre-fills the station (e.g. from a station page). */
export function NewTicketButton({ stationId = '' }: { stationId?: string }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ stationId, title: '', description: '', priority: 'normal' as TicketPriority });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Partial<typeof form>) => setForm({ ...form, ...changes });
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const ticket = await createTicket(client, { stationId: form.stationId.trim(), title: form.title.trim(), description: form.description, priority: form.priority });
      setOpen(false);
      navigate(`/tickets/${ticket.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => { setForm({ stationId, title: '', description: '', priority: 'normal' }); setError(null); setOpen(true); }}>New ticket</button>
      <Dialog
        open={open}
        title="New maintenance ticket"
        onClose={() => setOpen(false)}
        footer={(
          <>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
            <button type="button" className="button button-primary" onClick={() => void submit()} disabled={busy || !form.stationId.trim() || !form.title.trim()}>{busy ? 'Saving…' : 'Open ticket'}</button>
          </>
        )}
      >
        <label className="field"><span>Station</span><input value={form.stationId} required placeholder="Station id" onChange={(e) => set({ stationId: e.target.value })} /></label>
        <label className="field"><span>Title</span><input value={form.title} required maxLength={200} onChange={(e) => set({ title: e.target.value })} /></label>
        <label className="field"><span>Description</span><textarea rows={4} value={form.description} maxLength={10_000} onChange={(e) => set({ description: e.target.value })} /></label>
        <label className="field">
          <span>Priority</span>
          <select value={form.priority} onChange={(e) => set({ priority: e.target.value as TicketPriority })}>
            {PRIORITIES.map((p) => <option key={p} value={p}>{p.charAt(0).toUpperCase() + p.slice(1)}</option>)}
          </select>
        </label>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
      </Dialog>
    </>
  );
}
