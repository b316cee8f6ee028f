/** One driver: contact details, the linked account, and their tokens (add, assign, take away). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { api, errorMessage } from '../api/client.js';
import { assignToken, deleteDriver, unassignToken, updateDriver, useDriver, useDriverTokens } from '../api/tokens.js';
import type { DriverView, IdTokenView, Page, UserView } from '../api/types.js';
import { ErrorBox, Facts, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { limitsText, TokenStatusBadge } from '../components/token-badges.js';
import { TokenDialog } from '../components/token-dialog.js';
import { useNow } from '../components/use-now.js';
import { formatDateTime } from '../format.js';
import { navigate } from '../router.js';
import { tokenRights } from './tokens-page.js';

/** The driver page. */
export function DriverPage({ id }: { id: string }) {
  const driver = useDriver(id);
  return (
    <>
      <PageHeader title={driver.data?.name ?? 'Driver'} back={{ to: '/drivers', label: 'Drivers' }} subtitle={driver.data?.email ?? undefined} />
      {driver.isPending ? <Loading /> : driver.isError ? <ErrorBox error={driver.error} /> : <DriverBody driver={driver.data} />}
    </>
  );
}

function DriverBody({ driver }: { driver: DriverView }) {
  const role = useMe().data?.user.role;
  const { manage, block } = tokenRights(role);
  return (
    <div className="two-col">
      <div className="stack">
        <DriverTokens driver={driver} manage={manage} block={block} />
      </div>
      <div className="stack">
        {manage ? <DriverForm key={driver.updatedAt} driver={driver} admin={role === 'admin'} /> : (
          <Panel title="Driver">
            <Facts items={[['E-mail', driver.email ?? '—'], ['Phone', driver.phone ?? '—'], ['Account', driver.username ?? 'None'], ['Notes', driver.notes ?? '—'], ['Added', formatDateTime(driver.createdAt)]]} />
          </Panel>
        )}
      </div>
    </div>
  );
}

function DriverTokens({ driver, manage, block }: { driver: DriverView; manage: boolean; block: boolean }) {
  const client = useQueryClient();
  const tokens = useDriverTokens(driver.id);
  const now = useNow(60_000);
  const [editing, setEditing] = useState<IdTokenView | null>(null);
  const [creating, setCreating] = useState(false);
  const [assign, setAssign] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      setAssign('');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Panel title={`Tokens (${tokens.data?.length ?? driver.tokenCount})`} actions={manage && <button type="button" className="button button-secondary button-small" onClick={() => setCreating(true)}>New token</button>}>
      {tokens.isPending ? <Loading /> : tokens.isError ? <ErrorBox error={tokens.error} /> : tokens.data.length === 0 ? <p className="muted">No tokens yet.</p> : (
        <div className="scroll-box">
          <table className="simple-table" data-testid="driver-tokens">
            <thead><tr><th scope="col">Token</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Limits</th>{manage && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.token} className={block ? 'clickable' : undefined} onClick={(e) => { if (block && !(e.target as HTMLElement).closest('button')) setEditing(t); }}>
                  <td className="strong break">{t.token}</td>
                  <td>{t.type}</td>
                  <td><TokenStatusBadge token={t} now={now} /></td>
                  <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : <span className="muted">Never</span>}</td>
                  <td className="small">{limitsText(t)}</td>
                  {manage && <td className="right"><button type="button" className="button button-ghost button-small" onClick={() => void act(() => unassignToken(client, driver.id, t.token))}>Take away</button></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <form className="filters" onSubmit={(e) => { e.preventDefault(); if (assign.trim()) void act(() => assignToken(client, driver.id, assign.trim())); }}>
          <label className="field field-grow"><span>Give an existing token</span><input value={assign} maxLength={36} placeholder="Token text" onChange={(e) => setAssign(e.target.value)} /></label>
          <button type="submit" className="button button-secondary" disabled={!assign.trim()}>Assign</button>
        </form>
      )}
      {error && <div className="alert alert-error" role="alert">{error}</div>}
      {editing && <TokenDialog key={editing.token} open token={editing} manage={manage} onClose={() => setEditing(null)} />}
      {creating && <TokenDialog open token={null} manage driverId={driver.id} onClose={() => setCreating(false)} />}
    </Panel>
  );
}

function DriverForm({ driver, admin }: { driver: DriverView; admin: boolean }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ name: driver.name, email: driver.email ?? '', phone: driver.phone ?? '', notes: driver.notes ?? '', userId: driver.userId ?? '' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Only admins may list accounts; others see the linked account's name.
  const accounts = useQuery({ queryKey: ['users'], queryFn: ({ signal }) => api<Page<UserView>>('/users', { signal }), enabled: admin });
  const driverAccounts = (accounts.data?.items ?? []).filter((u) => u.role === 'driver');
  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await updateDriver(client, driver.id, {
        name: form.name.trim(), email: form.email.trim() || null, phone: form.phone.trim() || null, notes: form.notes.trim() || null,
        ...(admin ? { userId: form.userId || null } : {}),
      });
      setMessage({ ok: true, text: 'Saved.' });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm(`Delete driver ${driver.name}? Their tokens stay, without a driver.`)) return;
    try {
      await deleteDriver(client, driver.id);
      navigate('/drivers');
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };
  return (
    <Panel title="Driver">
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field"><span>Name</span><input value={form.name} required maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label className="field"><span>E-mail</span><input type="email" value={form.email} maxLength={254} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label className="field"><span>Phone</span><input type="tel" value={form.phone} maxLength={30} onChange={(e) => setForm({ ...form, phone: e.target.value })} /></label>
        {admin ? (
          <label className="field">
            <span>Driver account</span>
            <select value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })}>
              <option value="">None</option>
              {driverAccounts.map((u) => <option key={u.id} value={u.id}>{u.username}</option>)}
            </select>
          </label>
        ) : <Facts items={[['Account', driver.username ?? 'None']]} />}
        <label className="field"><span>Notes</span><textarea rows={3} value={form.notes} maxLength={2000} onChange={(e) => setForm({ ...form, notes: e.target.value })} /></label>
        <div className="page-actions">
          <button type="submit" className="button button-primary" disabled={busy || !form.name.trim()}>{busy ? 'Saving…' : 'Save'}</button>
          <button type="button" className="button button-danger-outline" onClick={() => void remove()}>Delete driver</button>
        </div>
        {message && <div className={`alert ${message.ok ? 'alert-ok' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>{message.text}</div>}
      </form>
    </Panel>
  );
}
